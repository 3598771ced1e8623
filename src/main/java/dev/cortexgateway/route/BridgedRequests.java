package dev.cortexgateway.route;

import jakarta.servlet.http.HttpServletRequest;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What a Java bridge (the chat's SSE controller, the OpenAI door) hands the route it runs, so the
 * route sees the request as a platform-http route would: its headers, query string and servlet request.
 */
public final class BridgedRequests {

    private BridgedRequests() {
    }

    public static void copy(HttpServletRequest request, Message in) {
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            // a client must not steer Camel through headers named like its internals
            if (!name.regionMatches(true, 0, "Camel", 0, 5) && !name.regionMatches(true, 0, "org.apache.camel", 0, 16)) {
                in.setHeader(name, request.getHeader(name));
            }
        }
        in.setHeader(Exchange.HTTP_QUERY, request.getQueryString());
        in.setHeader("CamelHttpServletRequest", request);
    }

    /**
     * The failure of a route the bridge ran that no {@code onException} answered: the route may not
     * have run at all (Camel still starting or stopping, the route stopped: 503, retry shortly), or failed outside its
     * error handling (500). Either way the message still holds the request, so a bridge answers
     * with this, never with the message.
     */
    public static GatewayException unanswered(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RejectedExecutionException || t instanceof DirectConsumerNotAvailableException) {
                return new GatewayException(ErrorCode.SERVICE_UNAVAILABLE, "The gateway is starting or stopping",
                        "Retry in a few seconds", Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
            }
        }
        return new GatewayException(ErrorCode.INTERNAL_SERVER_ERROR, "The gateway failed to handle the request",
                "Retry later; quote the X-Trace-Id header when reporting this", Map.of());
    }

    /**
     * The status line of an {@link #unanswered} failure's JSON answer: its status, and for the 503 a
     * {@code Retry-After}. The bridge adds the body in its own shape (the envelope, OpenAI's error).
     */
    public static ResponseEntity.BodyBuilder unansweredStatus(GatewayException unanswered) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(unanswered.code().status())
                .contentType(MediaType.APPLICATION_JSON);
        if (unanswered.code() == ErrorCode.SERVICE_UNAVAILABLE) {
            answer.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        }
        return answer;
    }

    /** The Retry-After of an {@link #unanswered} 503. */
    public static final int RETRY_AFTER_SECONDS = 5;
}
