package dev.cortexgateway.query;

import dev.cortexgateway.config.CortexProperties;
import dev.cortexgateway.tools.kinds.cortex_analyst.CortexAnalystKind;
import dev.cortexgateway.tools.kinds.cortex_search.CortexSearchKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The fields of a {@code query_progress} WebSocket message (docs/websocket.md), in the FACT API's
 * shape: {@code query_id} and {@code status} at the top, the step under {@code progress} with a
 * sentence saying what the query is doing ({@code current_operation}). The {@code GET .../status}
 * answer is rendered elsewhere ({@link QueryAnswers#status}).
 */
@Component
public final class QueryProgressMessages {

    private final String upstreamOperation;

    public QueryProgressMessages(CortexProperties cortex) {
        this.upstreamOperation = upstreamOperation(cortex.agent());
    }

    public Map<String, Object> of(QueryRecords.Query query) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("current_step", query.currentStep());
        progress.put("total_steps", QueryRecords.STEPS.size());
        progress.put("completion_percent", query.completionPercent());
        progress.put("current_operation", operation(query));
        progress.put("step", query.step());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("query_id", query.id());
        message.put("status", query.status().text());
        message.put("progress", progress);
        return message;
    }

    /** What the step does; a failed query says at which. */
    String operation(QueryRecords.Query query) {
        String doing = switch (query.step()) {
            case "cache_lookup" -> "Looking up the answer cache";
            case "upstream" -> upstreamOperation;
            case "mapping" -> "Mapping the agent's answer";
            default -> "Answer ready";
        };
        if (query.status() == QueryRecords.Status.FAILED) {
            return "Failed while " + Character.toLowerCase(doing.charAt(0)) + doing.substring(1);
        }
        return doing;
    }

    /** The tools an inline run offers the agent; an agent object's tools are its own, unknown here. */
    private static String upstreamOperation(CortexProperties.Agent agent) {
        if (agent.mode() == CortexProperties.Mode.OBJECT) {
            return "Executing the configured Cortex agent";
        }
        List<String> tools = new ArrayList<>();
        if (agent.tools().analyst()) {
            tools.add(CortexAnalystKind.TOOL);
        }
        if (agent.tools().search()) {
            tools.add(CortexSearchKind.TOOL);
        }
        return tools.isEmpty() ? "Executing a Cortex agent run"
                : "Executing a Cortex agent run with " + String.join(", ", tools);
    }
}
