package dev.cortexgateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.cortex.CortexEvent;
import dev.cortexgateway.cortex.SearchCitations;
import dev.cortexgateway.tools.kinds.ToolKinds;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns one Cortex run's events into the client contract's stream events (docs/decisions/0005-chat-streaming.md):
 * text deltas become {@code token}s; tool use, tool results, tables and charts become
 * {@code tool_call} status changes with results attached; the end of the run becomes {@code final}
 * with the assembled assistant message and its search citations as sources. Events it has no
 * mapping for are ignored and counted, never fatal. One instance per run; not thread-safe (the
 * adapter delivers a run's events one at a time).
 */
public final class ChatEventMapper {

    /** Cortex events that carry nothing a chat client shows (progress, thinking, thread bookkeeping). */
    private static final Set<String> IGNORED = Set.of("response.status", "response.thinking.delta",
            "response.thinking", "response.text", "metadata", "response.warning", "response.suggested_queries",
            "execution_trace", "response.tool_result.analyst.delta", "done");

    private final ObjectMapper json;
    private final Clock clock;
    private final String streamId;
    private final UUID assistantMessageId;
    private final StringBuilder text = new StringBuilder();
    private final Map<String, ObjectNode> toolCalls = new LinkedHashMap<>();
    private final SearchCitations citations;
    private final AtomicLong unknownEvents;
    private final ToolKinds kinds;
    private int tokenIndex;
    private JsonNode finalResponse;

    ChatEventMapper(ObjectMapper json, Clock clock, String streamId, UUID assistantMessageId, AtomicLong unknownEvents,
                    ToolKinds kinds) {
        this.kinds = kinds;
        this.json = json;
        this.clock = clock;
        this.streamId = streamId;
        this.assistantMessageId = assistantMessageId;
        this.unknownEvents = unknownEvents;
        this.citations = new SearchCitations(json);
    }

    List<ChatEvent> map(CortexEvent event) {
        JsonNode data = event.data();
        return switch (event.name()) {
            case "response.text.delta" -> token(data.path("text").asText(""));
            case "response.tool_use" -> toolUse(data.path("tool_use_id").asText(), data.path("type").asText(data.path("name").asText()),
                    data.path("input"));
            case "response.tool_result.status" -> toolStatus(data);
            case "response.tool_result" -> toolResult(data);
            case "response.table" -> attach(data.path("tool_use_id").asText(), "table", table(data.path("result_set")));
            case "response.chart" -> attach(data.path("tool_use_id").asText(), "chartSpec", chartSpec(data.path("chart_spec")));
            case "response.text.annotation" -> {
                if (!citations.cite(data.path("annotation"))) {
                    unknownEvents.incrementAndGet();
                }
                yield List.of();
            }
            case "response" -> {
                finalResponse = data;
                yield List.of();
            }
            case "message.delta" -> legacyDelta(data.path("delta").path("content"));
            default -> {
                if (!IGNORED.contains(event.name())) {
                    unknownEvents.incrementAndGet();
                }
                yield List.of();
            }
        };
    }

    /** The {@code final} event, once the upstream run has ended well. */
    ChatEvent finish() {
        if (text.isEmpty() && finalResponse != null) {
            // a run that streamed no deltas still has its answer in the response's text items
            for (JsonNode item : finalResponse.path("content")) {
                if ("text".equals(item.path("type").asText())) {
                    text.append(item.path("text").asText(""));
                }
            }
        }
        ArrayNode sourceArray = json.createArrayNode().addAll(citations.sources());
        ObjectNode message = assistantMessage();
        ObjectNode data = json.createObjectNode().put("type", "final");
        data.set("message", message);
        data.set("sources", sourceArray);
        if (finalResponse != null && finalResponse.path("metadata").has("usage")) {
            data.set("usage", finalResponse.path("metadata").path("usage"));
        }
        return new ChatEvent("final", data);
    }

    ObjectNode assistantMessage() {
        ObjectNode message = json.createObjectNode()
                .put("id", assistantMessageId.toString())
                .put("role", "assistant")
                .put("content", text.toString())
                .put("timestamp", clock.instant().toString());
        message.set("toolCalls", json.createArrayNode().addAll(toolCalls.values()));
        message.set("annotations", json.createArrayNode().addAll(citations.sources()));
        return message;
    }

    private List<ChatEvent> token(String delta) {
        if (delta.isEmpty()) {
            return List.of();
        }
        text.append(delta);
        ObjectNode data = json.createObjectNode().put("type", "token").put("delta", delta).put("index", tokenIndex++);
        return List.of(new ChatEvent("token", data));
    }

    private List<ChatEvent> toolUse(String toolUseId, String cortexType, JsonNode input) {
        String name = kinds.toolForCortexType(cortexType);
        if (name == null) {
            // the contract knows four tools; a call of another kind has no shape clients accept
            unknownEvents.incrementAndGet();
            return List.of();
        }
        ObjectNode call = json.createObjectNode()
                .put("id", toolCallId(toolUseId))
                .put("name", name)
                .put("status", "requested");
        call.set("arguments", input.isObject() ? input : json.createObjectNode());
        toolCalls.put(toolUseId, call);
        return List.of(toolCallEvent(call));
    }

    private List<ChatEvent> toolStatus(JsonNode data) {
        ObjectNode call = toolCalls.get(data.path("tool_use_id").asText());
        if (call == null || !"requested".equals(call.path("status").asText())) {
            return List.of();
        }
        call.put("status", "in_progress");
        return List.of(toolCallEvent(call));
    }

    private List<ChatEvent> toolResult(JsonNode data) {
        ObjectNode call = toolCalls.get(data.path("tool_use_id").asText());
        if (call == null) {
            return List.of();
        }
        boolean success = data.path("status").asText("success").equalsIgnoreCase("success");
        call.put("status", success ? "completed" : "failed");
        for (JsonNode item : data.path("content")) {
            if ("json".equals(item.path("type").asText())) {
                call.set("result", item.path("json"));
                citations.rememberResults(item.path("json"));
            }
        }
        return List.of(toolCallEvent(call));
    }

    private List<ChatEvent> attach(String toolUseId, String field, JsonNode value) {
        ObjectNode call = toolCalls.get(toolUseId);
        if (call == null || value == null) {
            return List.of();
        }
        call.set(field, value);
        if (!"failed".equals(call.path("status").asText())) {
            call.put("status", "completed");
        }
        return List.of(toolCallEvent(call));
    }

    /** SQL API result set (strings, jsonv2) -> {@code {columns: [{name, type}], rows, rowCount}}. */
    private JsonNode table(JsonNode resultSet) {
        ObjectNode table = json.createObjectNode();
        ArrayNode columns = table.putArray("columns");
        for (JsonNode column : resultSet.path("resultSetMetaData").path("rowType")) {
            columns.addObject().put("name", column.path("name").asText()).put("type", column.path("type").asText());
        }
        table.set("rows", resultSet.path("data").isArray() ? resultSet.path("data") : json.createArrayNode());
        table.put("rowCount", table.path("rows").size());
        return table;
    }

    /** Cortex sends the Vega-Lite spec as a string; clients get it as an object. */
    private JsonNode chartSpec(JsonNode spec) {
        if (spec.isObject()) {
            return spec;
        }
        try {
            JsonNode parsed = json.readTree(spec.asText(""));
            return parsed != null && parsed.isObject() ? parsed : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    /** The pre-2025 stream format: every event a {@code message.delta} with content items. */
    private List<ChatEvent> legacyDelta(JsonNode content) {
        List<ChatEvent> out = new ArrayList<>();
        for (JsonNode item : content) {
            switch (item.path("type").asText()) {
                case "text" -> out.addAll(token(item.path("text").asText("")));
                case "tool_use" -> {
                    JsonNode use = item.path("tool_use");
                    out.addAll(toolUse(use.path("tool_use_id").asText(), use.path("name").asText(), use.path("input")));
                }
                case "tool_results" -> {
                    JsonNode results = item.path("tool_results");
                    ObjectNode asCurrent = json.createObjectNode()
                            .put("tool_use_id", results.path("tool_use_id").asText())
                            .put("status", results.path("status").asText("success"));
                    asCurrent.set("content", results.path("content"));
                    out.addAll(toolResult(asCurrent));
                }
                default -> unknownEvents.incrementAndGet();
            }
        }
        return out;
    }

    private ChatEvent toolCallEvent(ObjectNode call) {
        ObjectNode data = json.createObjectNode().put("type", "tool_call");
        data.set("call", call.deepCopy());
        return new ChatEvent("tool_call", data);
    }

    /** Cortex ids such as {@code toolu_bdrk_01...} are not uuids; the same id always maps to the same uuid. */
    private String toolCallId(String toolUseId) {
        return UUID.nameUUIDFromBytes((streamId + "/" + toolUseId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
