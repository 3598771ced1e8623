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
 * Turns the exception a route failed with into the error envelope (called from errors.yaml).
 * Expected failures ({@link GatewayException}) keep their code and message; anything else becomes
 * a 500 whose text says nothing about the cause. The log line names the failure's type and origin,
 * never its message, which may quote SQL, tokens or bodies.
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

    public void render(Exchange exchange) throws JsonProcessingException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String traceId = RequestContext.traceId(exchange);
        ErrorEnvelope envelope;
        if (failure instanceof GatewayException known) {
            envelope = ErrorEnvelope.of(known, traceId);
        } else {
            LOG.error("Unexpected failure in route {}: {} at {} (traceId {})", exchange.getFromRouteId(),
                    failure == null ? "unknown" : failure.getClass().getName(), FailureOrigin.of(failure), traceId);
            ErrorCode code = ErrorCode.INTERNAL_SERVER_ERROR;
            envelope = ErrorEnvelope.of(code.name(), code.retryable(), "The gateway failed to handle the request",
                    "Retry later; quote the traceId when reporting this", Map.of(), traceId);
        }
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

    /**
     * A data store the route needed could not be reached (the database down or its pool exhausted):
     * 503 with Retry-After rather than a 500, because the same request succeeds once it is back.
     */
    public void storeUnavailable(Exchange exchange) throws JsonProcessingException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("Data store unavailable in route {}: {} at {} (traceId {})", exchange.getFromRouteId(),
                failure == null ? "unknown" : failure.getClass().getName(), FailureOrigin.of(failure), RequestContext.traceId(exchange));
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new GatewayException(ErrorCode.SERVICE_UNAVAILABLE,
                "A data store the gateway needs is unavailable", "Retry after Retry-After seconds",
                Map.of("retryAfterSeconds", STORE_RETRY_AFTER_SECONDS)));
        render(exchange);
    }
}
