package dev.cortexgateway.tools;

import static dev.cortexgateway.config.CortexProperties.present;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.contract.RequestValidator;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The four tools every gateway has. Their definitions come from configuration (which search service,
 * which semantic model), their argument schemas from the OpenAPI contract. A tool whose upstream
 * resource is not configured is listed, but disabled.
 */
@Component
public final class BuiltInTools {

    public static final String CORTEX_SEARCH = "cortex_search";
    public static final String CORTEX_ANALYST = "cortex_analyst_text_to_sql";
    public static final String SQL_EXEC = "sql_exec";
    public static final String DATA_TO_CHART = "data_to_chart";

    /** Tool kind -> the contract schema of its arguments. */
    static final Map<String, String> ARGUMENT_SCHEMAS = Map.of(
            ToolKinds.CORTEX_SEARCH, "CortexSearchArguments",
            ToolKinds.CORTEX_ANALYST, "CortexAnalystArguments",
            ToolKinds.SQL_EXEC, "SqlExecArguments",
            ToolKinds.DATA_TO_CHART, "DataToChartArguments");

    private static final String VERSION = "1.0.0";

    private final Map<String, Tool> tools = new LinkedHashMap<>();

    public BuiltInTools(ToolProperties properties, RequestValidator validator, ObjectMapper json) {
        Instant revision = Instant.EPOCH;
        ToolProperties.Search search = properties.search();
        ObjectNode searchDefinition = json.createObjectNode().put("kind", ToolKinds.CORTEX_SEARCH);
        if (present(search.service())) {
            searchDefinition.put("service", search.service());
        }
        ObjectNode columns = searchDefinition.putObject("columns")
                .put("title", search.columns().title())
                .put("snippet", search.columns().snippet())
                .put("sourceUrl", search.columns().sourceUrl());
        if (present(search.columns().confidence())) {
            columns.put("confidence", search.columns().confidence());
        }
        ObjectNode analystDefinition = json.createObjectNode().put("kind", ToolKinds.CORTEX_ANALYST);
        ToolProperties.Analyst analyst = properties.analyst();
        if (present(analyst.semanticModelFile())) {
            analystDefinition.put("semanticModelFile", analyst.semanticModelFile());
        } else if (present(analyst.semanticView())) {
            analystDefinition.put("semanticView", analyst.semanticView());
        }
        List<String> disabled = properties.disabled();
        add(new Tool(CORTEX_SEARCH, ToolKinds.CORTEX_SEARCH,
                "Searches the configured Cortex Search service and returns the best passages with their sources",
                VERSION, true, present(search.service()) && !disabled.contains(CORTEX_SEARCH), searchDefinition,
                validator.schemaNode(ARGUMENT_SCHEMAS.get(ToolKinds.CORTEX_SEARCH)), properties.timeoutOf(CORTEX_SEARCH), revision));
        add(new Tool(CORTEX_ANALYST, ToolKinds.CORTEX_ANALYST,
                "Turns a question into SQL with Cortex Analyst and the configured semantic model",
                VERSION, true, analystDefinition.size() > 1 && !disabled.contains(CORTEX_ANALYST), analystDefinition,
                validator.schemaNode(ARGUMENT_SCHEMAS.get(ToolKinds.CORTEX_ANALYST)), properties.timeoutOf(CORTEX_ANALYST), revision));
        add(new Tool(SQL_EXEC, ToolKinds.SQL_EXEC,
                "Runs one read-only SELECT, WITH, SHOW, DESCRIBE or EXPLAIN statement on the warehouse (at most 500 rows)",
                VERSION, true, !disabled.contains(SQL_EXEC), json.createObjectNode().put("kind", ToolKinds.SQL_EXEC),
                validator.schemaNode(ARGUMENT_SCHEMAS.get(ToolKinds.SQL_EXEC)), properties.timeoutOf(SQL_EXEC), revision));
        add(new Tool(DATA_TO_CHART, ToolKinds.DATA_TO_CHART,
                "Builds a Vega-Lite v5 bar, line or table chart with insights from a sql_exec result or rows of objects",
                VERSION, true, !disabled.contains(DATA_TO_CHART), json.createObjectNode().put("kind", ToolKinds.DATA_TO_CHART),
                validator.schemaNode(ARGUMENT_SCHEMAS.get(ToolKinds.DATA_TO_CHART)), properties.timeoutOf(DATA_TO_CHART), revision));
    }

    private void add(Tool tool) {
        tools.put(tool.name(), tool);
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    public boolean isBuiltIn(String name) {
        return tools.containsKey(name);
    }

    public List<Tool> all() {
        return List.copyOf(tools.values());
    }
}
