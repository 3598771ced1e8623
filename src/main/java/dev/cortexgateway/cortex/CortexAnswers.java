package dev.cortexgateway.cortex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.support.CancelScope;
import dev.cortexgateway.support.FailureTypes;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The answer steps of a Cortex REST call made by a route (routes/tools/cortex-call.yaml): a refusal
 * becomes the gateway's error as {@link UpstreamErrors} maps Snowflake's, a failed exchange its
 * UPSTREAM_TIMEOUT or UPSTREAM_ERROR, and a 200 answer the JSON object it must be. Client-facing
 * messages never repeat Snowflake's text.
 */
@Component("cortexAnswers")
public final class CortexAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(CortexAnswers.class);

    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    public CortexAnswers(Clock clock) {
        this.clock = clock;
    }

    /**
     * A non-200 answer, answered with {@code code} (the route's choice, e.g. {@code UPSTREAM_TIMEOUT}
     * for a 504): always throws. The message and hint say what the status means without Snowflake's
     * text; {@code retryAfter} and {@code requestId} are the answer's headers, or null, and travel in
     * details with Snowflake's error code.
     */
    public void refused(int status, String code, String retryAfter, String requestId, byte[] body) {
        Map<String, String> headers = new HashMap<>(2);
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
        }
        if (requestId != null) {
            headers.put(UpstreamErrors.REQUEST_ID_HEADER, requestId);
        }
        GatewayException described = UpstreamErrors.forStatus(status, headers::get, body, json, clock);
        ErrorCode chosen = ErrorCode.valueOf(code);
        GatewayException error = chosen == described.code() ? described
                : new GatewayException(chosen, described.getMessage(), described.hint(), described.details());
        LOG.info("cortex call refused: {} (upstream status {})", error.code(), status);
        throw error;
    }

    /**
     * The exchange itself failed: always throws. A cancelled scope (the caller's deadline or cancel,
     * which knows why and answers for it) is SERVICE_UNAVAILABLE; a timeout UPSTREAM_TIMEOUT; a refused
     * or broken connection, or an answer too large, UPSTREAM_ERROR.
     */
    public void failed(Exception failure) {
        if (CancelScope.current().cancelled()) {
            LOG.info("cortex call ended: cancelled");
            throw new GatewayException(ErrorCode.SERVICE_UNAVAILABLE, "the gateway stopped waiting for Snowflake Cortex");
        }
        GatewayException error = UpstreamErrors.forException(failure);
        LOG.info("cortex call failed: {} ({})", error.code(), FailureTypes.of(failure));
        throw error;
    }

    /** A 200 answer's body, which must be a JSON object. */
    public ObjectNode object(byte[] body, String requestId) {
        JsonNode answer;
        try {
            answer = body == null ? null : json.readTree(body);
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            LOG.info("cortex call answered: unreadable (upstream status 200)");
            throw UpstreamErrors.unreadableAnswer(requestId);
        }
        return (ObjectNode) answer;
    }
}
