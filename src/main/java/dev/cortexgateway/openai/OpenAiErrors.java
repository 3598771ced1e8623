package dev.cortexgateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The one exception to the gateway's error envelope (docs/decisions/0034-openai-compatible-api.md):
 * on the {@code /v1} routes an error is OpenAI's {@code {"error":{"message","type","param","code"}}},
 * because OpenAI SDKs parse that shape (and raise {@code AuthenticationError}, {@code RateLimitError}
 * ... by status). It is made from the envelope the gateway already wrote, so the status, the message,
 * {@code Retry-After} and {@code WWW-Authenticate} stay the gateway's; the trace id stays in
 * {@code X-Trace-Id}. Like the envelope, it never carries a stack trace, a token or the request body.
 */
@Component("openAiErrors")
public final class OpenAiErrors {

    /** An envelope {@code details} key naming OpenAI's {@code code} when the status alone does not say it. */
    public static final String OPENAI_CODE = "openaiCode";

    private final ObjectMapper json;

    public OpenAiErrors(ObjectMapper json) {
        this.json = json;
    }

    /** OpenAI's error body for an envelope answered with {@code status}; null when {@code envelope} is not one. */
    public String fromEnvelope(int status, String envelope) {
        JsonNode error;
        try {
            error = envelope == null ? null : json.readTree(envelope).path("error");
        } catch (IOException notJson) {
            return null;
        }
        if (error == null || !error.path("code").isTextual() || error.has("type")) {
            // not an envelope, or already OpenAI's shape
            return null;
        }
        return body(status, error.path("code").asText(), error.path("message").asText(""), error.path("hint").asText(null),
                error.path("details"));
    }

    /** OpenAI's error body for a chat stream's {@code error} event (an envelope with type, code and message beside it). */
    public ObjectNode fromErrorEvent(int status, JsonNode event) {
        JsonNode error = event.path("error");
        return bodyNode(status, event.path("code").asText(error.path("code").asText("INTERNAL_SERVER_ERROR")),
                event.path("message").asText(error.path("message").asText("")), error.path("hint").asText(null),
                error.path("details"));
    }

    private String body(int status, String gatewayCode, String message, String hint, JsonNode details) {
        return bodyNode(status, gatewayCode, message, hint, details).toString();
    }

    private ObjectNode bodyNode(int status, String gatewayCode, String message, String hint, JsonNode details) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        // the envelope's hints may point into details, which this shape has not: Retry-After is a header here
        String shownHint = hint == null ? null : hint.replace("details.retryAfterSeconds", "Retry-After");
        boolean hintFits = shownHint != null && !shownHint.isBlank() && !shownHint.contains("details.");
        error.put("message", hintFits ? message + " (" + shownHint + ")" : message);
        error.put("type", type(status));
        String param = param(details);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        error.put("code", details.path(OPENAI_CODE).isTextual() ? details.path(OPENAI_CODE).asText() : code(gatewayCode));
        return root;
    }

    /** OpenAI's error types: what its SDKs and clients switch on beside the status. */
    static String type(int status) {
        if (status == 429) {
            return "requests";
        }
        if (status >= 500) {
            return "server_error";
        }
        if (status == 401) {
            return "invalid_request_error";
        }
        if (status == 403) {
            return "permission_error";
        }
        return "invalid_request_error";
    }

    /** OpenAI's codes where it has one; otherwise the gateway's own code in OpenAI's lower case. */
    static String code(String gatewayCode) {
        return switch (gatewayCode) {
            case "UNAUTHORIZED" -> "invalid_api_key";
            case "RATE_LIMITED" -> "rate_limit_exceeded";
            case "NOT_FOUND" -> "unknown_url";
            default -> gatewayCode.toLowerCase(Locale.ROOT);
        };
    }

    /** The request field at fault: {@code details.param}, {@code details.header}, or the first invalid field as a dotted path. */
    private static String param(JsonNode details) {
        if (details.path("param").isTextual()) {
            return details.path("param").asText();
        }
        if (details.path("header").isTextual()) {
            return details.path("header").asText();
        }
        JsonNode field = details.path("fields").path(0).path("field");
        if (field.isTextual() && !field.asText().isBlank() && !"/".equals(field.asText())) {
            String pointer = field.asText().startsWith("/") ? field.asText().substring(1) : field.asText();
            return pointer.replace('/', '.');
        }
        return null;
    }
}
