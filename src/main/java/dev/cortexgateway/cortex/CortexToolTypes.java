package dev.cortexgateway.cortex;

/**
 * Snowflake's names for the tools a Cortex agent runs itself ({@code tool_spec.type} in an agent run,
 * the tool named in {@code response.tool_use}). The gateway's built-in tools of these kinds carry the
 * same names, so an agent's tool use names the gateway's tool directly.
 */
public final class CortexToolTypes {

    public static final String SEARCH = "cortex_search";
    public static final String ANALYST = "cortex_analyst_text_to_sql";

    private CortexToolTypes() {
    }
}
