package dev.cortexgateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Request ids and Snowflake's error body, shared by the simulator's filter and controllers. */
final class SnowflakeResponses {

    static final String REQUEST_ID_HEADER = "X-Snowflake-Request-ID";
    private static final String REQUEST_ID_ATTRIBUTE = SnowflakeResponses.class.getName() + ".requestId";

    private SnowflakeResponses() {
    }

    /** The request id of this request, created (and set as response header) on first use. */
    static String requestId(HttpServletRequest request, HttpServletResponse response) {
        Object existing = request.getAttribute(REQUEST_ID_ATTRIBUTE);
        if (existing != null) {
            return existing.toString();
        }
        String id = UUID.randomUUID().toString();
        request.setAttribute(REQUEST_ID_ATTRIBUTE, id);
        response.setHeader(REQUEST_ID_HEADER, id);
        return id;
    }

    static String requestId(HttpServletRequest request) {
        Object existing = request.getAttribute(REQUEST_ID_ATTRIBUTE);
        return existing == null ? "" : existing.toString();
    }

    static ObjectNode errorBody(ObjectMapper json, String code, String message, String requestId) {
        ObjectNode body = json.createObjectNode();
        body.put("message", message);
        body.put("code", code);
        // SPEC's ErrorResponse still carries the deprecated alias; older clients read it
        body.put("error_code", code);
        body.put("request_id", requestId);
        return body;
    }

    static ResponseEntity<ObjectNode> error(ObjectMapper json, SnowflakeError error, String requestId) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(error.status())
                .contentType(MediaType.APPLICATION_JSON)
                .header(REQUEST_ID_HEADER, requestId);
        if (error.retryAfterSeconds() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, Integer.toString(error.retryAfterSeconds()));
        }
        return builder.body(errorBody(json, error.code(), error.getMessage(), requestId));
    }

    /** For the filter, which answers before Spring MVC is involved. */
    static void writeError(HttpServletResponse response, ObjectMapper json, SnowflakeError error, String requestId)
            throws IOException {
        response.setStatus(error.status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(json.writeValueAsBytes(errorBody(json, error.code(), error.getMessage(), requestId)));
    }
}
