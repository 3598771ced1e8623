package dev.cortexgateway.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.ErrorEnvelope;
import dev.cortexgateway.error.FailureOrigin;
import dev.cortexgateway.error.GatewayException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one writer of the error envelope. Which failure gets which code is not decided here: each
 * {@code onException} block of routes/shared/gateway-errors.yaml names its exception classes and
 * calls one of these steps ({@code known} for a {@link GatewayException}, which carries its code;
 * {@code envelope} with the code the block chose; {@code internal} for anything else). This class
 * writes the JSON, the status, the trace id and the headers (Retry-After, WWW-Authenticate).
 * Log lines name the failure's type and origin, never its message, which may quote SQL, tokens or bodies.
 */
@Component("errorResponses")
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    /** How long a client waits before retrying while a data store is down: about one reconnect attempt. */
    private static final int STORE_RETRY_AFTER_SECONDS = 5;

    private final ObjectMapper json;

    public ErrorResponses(ObjectMapper json) {
        this.json = json;
    }

    /** A {@link GatewayException}: the code it carries, with its message, hint and details. */
    public void known(Exchange exchange) throws JsonProcessingException {
        Throwable failure = caught(exchange);
        if (!(failure instanceof GatewayException known)) {
            // a block named a class that is not a GatewayException: say nothing about it
            internal(exchange);
            return;
        }
        write(exchange, ErrorEnvelope.of(known, RequestContext.traceId(exchange)));
    }

    /** The failure a gateway-errors block mapped by its class: {@code code} (its status from {@link ErrorCode}) and {@code message}. */
    public void envelope(Exchange exchange, String code, String message) throws JsonProcessingException {
        envelope(exchange, code, message, 0);
    }

    /** As {@link #envelope(Exchange, String, String)}, asking the client to wait {@code retryAfterSeconds} (when above 0). */
    public void envelope(Exchange exchange, String code, String message, int retryAfterSeconds) throws JsonProcessingException {
        ErrorCode errorCode = ErrorCode.valueOf(code);
        Throwable failure = caught(exchange);
        LOG.warn("{} in route {}: {} at {} (traceId {})", errorCode, exchange.getFromRouteId(),
                failure == null ? "unknown" : failure.getClass().getName(), origin(failure), RequestContext.traceId(exchange));
        Map<String, Object> details = retryAfterSeconds > 0 ? Map.of("retryAfterSeconds", retryAfterSeconds) : Map.of();
        String hint = retryAfterSeconds > 0 ? "Retry after details.retryAfterSeconds seconds"
                : errorCode.retryable() ? "Retry later" : null;
        write(exchange, ErrorEnvelope.of(errorCode.name(), errorCode.retryable(), message, hint, details,
                RequestContext.traceId(exchange)));
    }

    /** Anything no other block names: 500 whose text says nothing about the cause. */
    public void internal(Exchange exchange) throws JsonProcessingException {
        Throwable failure = caught(exchange);
        String traceId = RequestContext.traceId(exchange);
        LOG.error("Unexpected failure in route {}: {} at {} (traceId {})", exchange.getFromRouteId(),
                failure == null ? "unknown" : failure.getClass().getName(), origin(failure), traceId);
        ErrorCode code = ErrorCode.INTERNAL_SERVER_ERROR;
        write(exchange, ErrorEnvelope.of(code.name(), code.retryable(), "The gateway failed to handle the request",
                "Retry later; quote the traceId when reporting this", Map.of(), traceId));
    }

    /**
     * A data store the route needed could not be reached (the database down or its pool exhausted):
     * 503 with Retry-After rather than a 500, because the same request succeeds once it is back.
     */
    public void storeUnavailable(Exchange exchange) throws JsonProcessingException {
        Throwable failure = caught(exchange);
        LOG.warn("Data store unavailable in route {}: {} at {} (traceId {})", exchange.getFromRouteId(),
                failure == null ? "unknown" : failure.getClass().getName(), origin(failure), RequestContext.traceId(exchange));
        write(exchange, ErrorEnvelope.of(new GatewayException(ErrorCode.SERVICE_UNAVAILABLE,
                "A data store the gateway needs is unavailable", "Retry after Retry-After seconds",
                Map.of("retryAfterSeconds", STORE_RETRY_AFTER_SECONDS)), RequestContext.traceId(exchange)));
    }

    /** Where a failure was thrown, as {@code class.method:line}: enough to find it without a stack trace in the log. */
    public static String origin(Throwable failure) {
        if (failure == null || failure.getStackTrace().length == 0) {
            return "unknown";
        }
        StackTraceElement top = failure.getStackTrace()[0];
        return top.getClassName() + "." + top.getMethodName() + ":" + top.getLineNumber();
    }

    private static Throwable caught(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    private void write(Exchange exchange, ErrorEnvelope envelope) throws JsonProcessingException {
        exchange.getMessage().setBody(json.writeValueAsString(envelope));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, envelope.httpStatus());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        Object retryAfter = envelope.error().details().get("retryAfterSeconds");
        if (retryAfter != null) {
            exchange.getMessage().setHeader("Retry-After", retryAfter.toString());
        }
        if (envelope.httpStatus() == 401) {
            // RFC 6750 3: a 401 names the scheme the client must use
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"cortex-gateway\"");
        }
    }
}
