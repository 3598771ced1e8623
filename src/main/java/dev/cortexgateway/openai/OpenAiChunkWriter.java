package dev.cortexgateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.chat.ChatEventWriter;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.sse.SseStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A streamed completion: each chat event of the run becomes OpenAI's SSE, bare {@code data:} lines
 * (no event names, which OpenAI clients skip): a first chunk with the assistant role, a chunk per
 * text delta, a chunk per Cortex tool call change ({@code cortex_tool_call}, empty delta), the last
 * chunk with {@code finish_reason: stop}, the usage chunk when asked for, then {@code data: [DONE]}.
 * A failure mid-stream is OpenAI's {@code data: {"error":{...}}}, which SDKs raise.
 */
final class OpenAiChunkWriter implements ChatEventWriter {

    static final String DONE = "[DONE]";

    private final SseStream stream;
    private final ObjectMapper json;
    private final OpenAiCompletions completions;
    private final OpenAiErrors errors;
    private final boolean includeUsage;
    private boolean roleSent;

    OpenAiChunkWriter(SseStream stream, ObjectMapper json, OpenAiCompletions completions, OpenAiErrors errors,
                      boolean includeUsage) {
        this.stream = stream;
        this.json = json;
        this.completions = completions;
        this.errors = errors;
        this.includeUsage = includeUsage;
    }

    @Override
    public synchronized boolean write(String id, String type, String data) {
        JsonNode event = parse(data);
        return switch (type) {
            case "token" -> send(completions.chunk(delta().put("content", event.path("delta").asText("")), null));
            case "tool_call" -> {
                ObjectNode chunk = completions.chunk(delta(), null);
                chunk.set("cortex_tool_call", event.path("call"));
                yield send(chunk);
            }
            case "final" -> {
                ObjectNode last = completions.chunk(delta(), "stop");
                if (!event.path("sources").isEmpty()) {
                    last.set("cortex_sources", event.path("sources"));
                }
                yield send(last) && (!includeUsage || send(completions.usageChunk(event))) && stream.data(DONE);
            }
            case "error" -> stream.data(errors.fromErrorEvent(status(event), event).toString());
            // the chat stream has no other events; should one appear, it has no OpenAI meaning
            default -> true;
        };
    }

    /** A delta, carrying the assistant role the first time (as OpenAI's first chunk does). */
    private ObjectNode delta() {
        ObjectNode delta = completions.delta();
        if (!roleSent) {
            roleSent = true;
            delta.put("role", "assistant");
        }
        return delta;
    }

    private boolean send(ObjectNode chunk) {
        return stream.data(chunk.toString());
    }

    static int status(JsonNode errorEvent) {
        try {
            return ErrorCode.valueOf(errorEvent.path("code").asText()).status();
        } catch (IllegalArgumentException unknown) {
            return 500;
        }
    }

    private JsonNode parse(String data) {
        try {
            return json.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException("stored chat event is not JSON", e);
        }
    }
}
