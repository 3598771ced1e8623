package dev.cortexgateway.tools.kinds.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.support.CancelScope;
import dev.cortexgateway.support.FailureTypes;
import dev.cortexgateway.upstream.GuardedHttpCalls;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The answer steps of an http tool's call (routes/tools/http.yaml): a 2xx answer becomes
 * {@code {status, contentType, body}} (JSON when the host says so and it parses, else text), any
 * other status or a failed exchange the gateway's error. No message repeats the host's text.
 */
@Component("httpToolAnswers")
public final class HttpToolAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(HttpToolAnswers.class);

    private final ObjectMapper json;

    public HttpToolAnswers(ObjectMapper json) {
        this.json = json;
    }

    /** A 2xx answer as the tool's result. */
    public ObjectNode answer(int status, String contentType, byte[] body) {
        String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        ObjectNode answer = json.createObjectNode().put("status", status).put("contentType", type);
        byte[] bytes = body == null ? new byte[0] : body;
        if (type.toLowerCase(Locale.ROOT).contains("json")) {
            try {
                answer.set("body", json.readTree(bytes));
                return answer;
            } catch (IOException notJson) {
                // a host that says JSON and sends something else: its text is still the answer
            }
        }
        return answer.put("body", new String(bytes, StandardCharsets.UTF_8));
    }

    /** Any other status, a redirect included (none is followed): always throws UPSTREAM_ERROR. */
    public void refused(int status) {
        throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "the tool's host answered HTTP " + status,
                null, Map.of("upstreamStatus", status));
    }

    /** The exchange itself failed: always throws. */
    public void failed(Exception failure) {
        LOG.info("http tool call failed: {}", FailureTypes.of(failure));
        if (failure instanceof GuardedHttpCalls.AnswerTooLargeException tooLarge) {
            throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "the tool's host answered more than "
                    + tooLarge.limit() + " bytes", null, Map.of("maxResponseBytes", tooLarge.limit()));
        }
        if (CancelScope.current().cancelled()) {
            throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "the call to the tool's host was stopped");
        }
        if (failure instanceof SocketTimeoutException || failure instanceof ConnectTimeoutException) {
            throw new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "the tool's host did not answer in time");
        }
        throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "the tool's host could not be reached");
    }
}
