package dev.cortexgateway.tools;

import java.util.Map;
import java.util.Set;

/** The pipelines a tool can run, and the route template each registered kind is built from (routes/tools.yaml). */
public final class ToolKinds {

    public static final String CORTEX_SEARCH = "cortex_search";
    public static final String CORTEX_ANALYST = "cortex_analyst";
    public static final String SQL_EXEC = "sql_exec";
    public static final String DATA_TO_CHART = "data_to_chart";
    public static final String SQL_TEMPLATE = "sql_template";
    public static final String HTTP = "http";

    /** Kinds an admin may register: declarative definitions only, never code. */
    public static final Set<String> REGISTRABLE = Set.of(SQL_TEMPLATE, HTTP, CORTEX_SEARCH, CORTEX_ANALYST);

    /** Kind -> route template id; sql_exec and data_to_chart are plain routes of their own. */
    static final Map<String, String> TEMPLATES = Map.of(
            CORTEX_SEARCH, "tool-pipeline-cortex-search",
            CORTEX_ANALYST, "tool-pipeline-cortex-analyst",
            SQL_TEMPLATE, "tool-pipeline-sql-template",
            HTTP, "tool-pipeline-http");

    private ToolKinds() {
    }
}
