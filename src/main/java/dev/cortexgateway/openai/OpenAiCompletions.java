package dev.cortexgateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI's answer objects made from the chat stream's events (docs/openai.md): the whole
 * {@code chat.completion} from the {@code final} event, and the {@code chat.completion.chunk}s a
 * stream sends. Cortex's tool calls (run by the agent itself, not by the client) ride in the
 * extension fields {@code cortex_tool_calls} / {@code cortex_tool_call}, its search citations in
 * {@code cortex_sources}; the answer text alone is the {@code content}.
 */
final class OpenAiCompletions {

    private final ObjectMapper json;
    private final String id;
    private final String model;
    private final long created;

    /** @param streamId the chat stream behind the completion: its id is {@code chatcmpl-<streamId>} */
    OpenAiCompletions(ObjectMapper json, String streamId, String model, long created) {
        this.json = json;
        this.id = "chatcmpl-" + streamId;
        this.model = model;
        this.created = created;
    }

    /** The non-streaming answer, from the chat's {@code final} event. */
    ObjectNode completion(JsonNode finalEvent) {
        JsonNode chatMessage = finalEvent.path("message");
        ObjectNode completion = header("chat.completion");
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant")
                .put("content", chatMessage.path("content").asText(""));
        message.putNull("refusal");
        if (!chatMessage.path("toolCalls").isEmpty()) {
            message.set("cortex_tool_calls", chatMessage.path("toolCalls"));
        }
        if (!finalEvent.path("sources").isEmpty()) {
            message.set("cortex_sources", finalEvent.path("sources"));
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        completion.set("usage", usage(finalEvent));
        return completion;
    }

    /** One streamed chunk with {@code delta} for the only choice; {@code finishReason} null until the last. */
    ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = header("chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    /** The chunk {@code stream_options.include_usage} asks for: no choices, the usage. */
    ObjectNode usageChunk(JsonNode finalEvent) {
        ObjectNode chunk = header("chat.completion.chunk");
        chunk.putArray("choices");
        chunk.set("usage", usage(finalEvent));
        return chunk;
    }

    ObjectNode delta() {
        return json.createObjectNode();
    }

    /**
     * OpenAI's usage from Cortex's ({@code metadata.usage.tokens_consumed[]}, per model, summed);
     * zeros when Cortex reported none (the legacy run format).
     */
    ObjectNode usage(JsonNode finalEvent) {
        long input = 0;
        long output = 0;
        for (JsonNode entry : finalEvent.path("usage").path("tokens_consumed")) {
            input += Math.max(0, entry.path("input_tokens").path("total").asLong(0));
            output += Math.max(0, entry.path("output_tokens").path("total").asLong(0));
        }
        return json.createObjectNode().put("prompt_tokens", input).put("completion_tokens", output)
                .put("total_tokens", input + output);
    }

    private ObjectNode header(String object) {
        return json.createObjectNode().put("id", id).put("object", object).put("created", created).put("model", model);
    }
}
