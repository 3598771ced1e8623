package dev.cortexgateway.tools.kinds;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of the one tool route template ({@code tool-pipeline}, routes/tools/tool-pipeline.yaml):
 * validate -> prepare -> throttle -> circuit breaker (dispatch) -> map. Prepare, dispatch and map
 * are endpoints, usually {@code direct:} routes of the kind's own file routes/tools/&lt;kind&gt;.yaml.
 *
 * @param upstream    what the dispatch calls: cortex, warehouse, http, or none
 * @param retries     the routeConfiguration of the pipeline (the upstream's retry configuration)
 * @param concurrency calls in flight at once per tool before more are refused with 429 (a placeholder)
 * @param breaker     the circuit breaker bean the dispatch runs in
 * @param admit       the step after the throttle, before the breaker: a metered kind's token budgets
 *                    and tokens per minute (routes/usage.yaml)
 */
public record ToolRoute(String upstream, String retries, String concurrency, String breaker,
                        String prepare, String admit, String dispatch, String map) {

    /** The endpoint of a step a kind does not have. */
    public static final String NO_STEP = "direct:tool-no-step";

    /** A pipeline that calls {@code upstream}: its retries, its concurrency setting, its breaker. */
    public static ToolRoute calling(String upstream, String dispatch) {
        return new ToolRoute(upstream, "tool-retries-" + upstream,
                "{{gateway.tools.upstream-concurrency." + upstream + "}}", upstream + "CircuitBreaker",
                NO_STEP, NO_STEP, dispatch, NO_STEP);
    }

    /**
     * A pipeline that calls nobody: nothing to retry, no limit on calls in flight, and a breaker that
     * never opens (data_to_chart/NoUpstreamBreaker).
     */
    public static ToolRoute local(String dispatch) {
        return new ToolRoute("none", "tool-no-retries", String.valueOf(Integer.MAX_VALUE), "noUpstreamCircuitBreaker",
                NO_STEP, NO_STEP, dispatch, NO_STEP);
    }

    /**
     * A pipeline whose upstream reports token usage (the Cortex kinds): admitted by the budgets and
     * tokens per minute before the call, recorded when it ends (tool-usage, routes/usage.yaml).
     */
    public ToolRoute metered() {
        return new ToolRoute(upstream, retries + ",tool-usage", concurrency, breaker, prepare, "direct:tool-usage-admit",
                dispatch, map);
    }

    public ToolRoute withPrepare(String endpoint) {
        return new ToolRoute(upstream, retries, concurrency, breaker, endpoint, admit, dispatch, map);
    }

    public ToolRoute withMap(String endpoint) {
        return new ToolRoute(upstream, retries, concurrency, breaker, prepare, admit, dispatch, endpoint);
    }

    /** The template's parameters, {@code toolName} aside. */
    public Map<String, Object> templateParameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("upstream", upstream);
        parameters.put("retries", retries);
        parameters.put("concurrency", concurrency);
        parameters.put("breaker", breaker);
        parameters.put("prepare", prepare);
        parameters.put("admit", admit);
        parameters.put("dispatch", dispatch);
        parameters.put("map", map);
        return parameters;
    }
}
