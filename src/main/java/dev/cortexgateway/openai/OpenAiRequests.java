package dev.cortexgateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.identity.Owner;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Route step of {@code POST /v1/chat/completions} (routes/openai.yaml): turns the OpenAI request,
 * already checked against the contract's {@code ChatCompletionRequest}, into the chat pipeline's
 * own request (routes/chat.yaml's {@code ChatRequest}), so the steps after it (limits, the session
 * claim, the open-run cap, the breaker, the dispatch) are the chat's, unchanged. What the
 * translation keeps and drops is docs/openai.md's table.
 */
@Component("openAiRequests")
public final class OpenAiRequests {

    /** Exchange property: the completion's options the answer needs ({@link Options}). */
    public static final String OPTIONS = "openAiOptions";

    private final ObjectMapper json;
    private final Clock clock;

    public OpenAiRequests(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** What the answer of one completion needs to know about its request. */
    public record Options(boolean stream, boolean includeUsage, String sessionId) {
    }

    public void translate(Exchange exchange) {
        JsonNode request = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        refuseUnsupported(request);
        String sessionId = UUID.randomUUID().toString();
        ObjectNode chat = json.createObjectNode().put("sessionId", sessionId);
        ArrayNode messages = chat.putArray("messages");
        String now = clock.instant().toString();
        JsonNode given = request.path("messages");
        for (int i = 0; i < given.size(); i++) {
            JsonNode message = given.get(i);
            String role = message.path("role").asText();
            // Cortex takes user and assistant turns; system, developer and tool messages are not sent
            if (role.equals("user") || role.equals("assistant")) {
                messages.addObject().put("id", UUID.randomUUID().toString()).put("role", role)
                        .put("content", text(message.path("content"), i)).put("timestamp", now);
            }
        }
        if (request.path("user").isTextual()) {
            // a confidential client names its end user as /api/v1/chat's user_id does (identity/Owner)
            chat.put(Owner.USER_ID, request.path("user").asText());
        }
        exchange.setProperty(OPTIONS, new Options(request.path("stream").asBoolean(false),
                request.path("stream_options").path("include_usage").asBoolean(false), sessionId));
        exchange.setProperty(ExchangeKeys.REQUEST_JSON, chat);
    }

    private static void refuseUnsupported(JsonNode request) {
        if (request.path("tools").isArray() && !request.path("tools").isEmpty()
                || request.path("functions").isArray() && !request.path("functions").isEmpty()) {
            throw invalid("Client-side tools (function calling) are not supported here: the Cortex agent runs its own tools",
                    "Send the request without tools; the agent's tool calls come back in cortex_tool_calls (docs/openai.md)",
                    request.has("tools") ? "tools" : "functions");
        }
        if (request.path("n").canConvertToInt() && request.path("n").asInt() != 1) {
            throw invalid("Only one choice per completion is supported", "Send n: 1 or leave it out", "n");
        }
    }

    /** A message's text: the string, or its text parts joined; parts of other kinds (images, audio) are refused. */
    private static String text(JsonNode content, int index) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isMissingNode() || content.isNull()) {
            return "";
        }
        if (!content.isArray()) {
            throw invalid("A message's content is text, an array of text parts, or null", "Send the content as a string",
                    "messages." + index + ".content");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            String type = part.path("type").asText();
            if (!type.equals("text") || !part.path("text").isTextual()) {
                throw invalid("Only text content is supported", "Send the message's content as text parts",
                        "messages." + index + ".content");
            }
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }

    private static GatewayException invalid(String message, String hint, String param) {
        return new GatewayException(ErrorCode.INVALID_REQUEST, message, hint,
                Map.of("param", param, "fields", List.of(Map.of("field", "/" + param.replace('.', '/'), "message", message))));
    }
}
