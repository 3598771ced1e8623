package dev.cortexgateway.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorEnvelope;
import dev.cortexgateway.error.GatewayException;

/** The client contract's {@code error} event: the gateway's error envelope with {@code type}, {@code code} and {@code message} alongside. */
final class ChatErrorEvents {

    private ChatErrorEvents() {
    }

    static ObjectNode event(ObjectMapper json, GatewayException error, String traceId) {
        ObjectNode data = json.valueToTree(ErrorEnvelope.of(error, traceId));
        data.put("type", "error");
        data.put("code", error.code().name());
        data.put("message", error.getMessage());
        return data;
    }

    static String eventJson(ObjectMapper json, GatewayException error, String traceId) {
        try {
            return json.writeValueAsString(event(json, error, traceId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chat event is not serializable", e);
        }
    }
}
