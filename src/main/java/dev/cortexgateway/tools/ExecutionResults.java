package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code result} of a tool execution record in the FACT API's shape: {@code rows} as objects
 * keyed by column name, {@code row_count}, {@code columns} (names), {@code execution_time_ms},
 * {@code status: "success"}. A table (what the SQL tools answer: {@code columns} of
 * {@code {name, type}}, {@code rows} of arrays, {@code rowCount}) becomes exactly that, keeping
 * {@code column_types}, {@code truncated} and {@code truncated_reason}; any other tool's answer
 * (search results, a chart, an http response) is not a table, so {@code rows}, {@code row_count}
 * and {@code columns} are null and the answer is under {@code output}, unchanged.
 */
final class ExecutionResults {

    private ExecutionResults() {
    }

    /** @param executionMillis from the start of the work to its end; null when not recorded */
    static ObjectNode of(JsonNode toolAnswer, Long executionMillis, ObjectMapper json) {
        ObjectNode result = json.createObjectNode();
        if (isTable(toolAnswer)) {
            ArrayNode names = json.createArrayNode();
            ArrayNode types = json.createArrayNode();
            for (JsonNode column : toolAnswer.get("columns")) {
                names.add(column.path("name").asText());
                types.add(column.path("type"));
            }
            ArrayNode rows = result.putArray("rows");
            for (JsonNode cells : toolAnswer.get("rows")) {
                ObjectNode row = rows.addObject();
                for (int i = 0; i < names.size() && i < cells.size(); i++) {
                    // two columns of one name (SELECT a.id, b.id): the later one wins; alias them apart
                    row.set(names.get(i).asText(), cells.get(i));
                }
            }
            result.put("row_count", rows.size());
            result.set("columns", names);
            result.set("column_types", types);
            result.put("truncated", toolAnswer.path("truncated").asBoolean(false));
            result.set("truncated_reason", toolAnswer.hasNonNull("truncatedReason") ? toolAnswer.get("truncatedReason") : null);
        } else {
            result.putNull("rows").putNull("row_count").putNull("columns");
            result.set("output", toolAnswer);
        }
        if (executionMillis == null) {
            result.putNull("execution_time_ms");
        } else {
            result.put("execution_time_ms", executionMillis);
        }
        result.put("status", "success");
        return result;
    }

    private static boolean isTable(JsonNode answer) {
        if (!answer.path("columns").isArray() || !answer.path("rows").isArray() || !answer.has("rowCount")) {
            return false;
        }
        for (JsonNode column : answer.get("columns")) {
            if (!column.path("name").isTextual()) {
                return false;
            }
        }
        for (JsonNode row : answer.get("rows")) {
            if (!row.isArray()) {
                return false;
            }
        }
        return true;
    }
}
