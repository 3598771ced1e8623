package dev.cortexgateway.cortex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.metrics.UpstreamClock;
import dev.cortexgateway.support.CancelScope;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One JSON request and its JSON answer from a Cortex REST API ({@code :query}, Analyst
 * {@code message}), through the agent client's connection pool and identity. The call waits on the
 * caller's thread, at most the caller's timeout, and stops at once when the current
 * {@link CancelScope} is cancelled. No retries: tools run once (docs/decisions/0006-tools-and-jobs.md).
 */
@Component
public final class CortexRestCalls {

    private static final Logger LOG = LoggerFactory.getLogger(CortexRestCalls.class);

    private final CortexUpstream upstream;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public CortexRestCalls(CortexAgentClient agentClient, Clock clock) {
        this.upstream = agentClient.upstream();
        this.clock = clock;
    }

    /**
     * POSTs {@code body} to {@code path} (relative to the base URL, segments already encoded) and
     * returns the answer, a JSON object. Every failure is a {@link GatewayException}: Snowflake's
     * refusals as {@link UpstreamErrors} maps them, no answer within {@code timeout} as
     * UPSTREAM_TIMEOUT, and a cancelled scope as SERVICE_UNAVAILABLE (the caller, which cancelled,
     * knows why and answers for it).
     *
     * @param operation short name for the log line, e.g. {@code search:query}; never user text
     */
    public ObjectNode post(String operation, String path, JsonNode body, Duration timeout) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(body, "body");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        long started = System.nanoTime();
        CancelScope scope = CancelScope.current();
        if (scope.cancelled()) {
            log(operation, "cancelled", 0, started);
            throw cancelled();
        }
        HttpRequest request = upstream.post(upstream.endpoints().resolve(path), bytes(body), "application/json")
                .timeout(timeout)
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange =
                upstream.http().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        // the request timeout ends the wait for the headers; this bound also covers a body that trickles
        try (CancelScope.Registration ignored = scope.onCancel(() -> exchange.cancel(true));
             UpstreamClock.Lap waiting = UpstreamClock.lap()) {
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (CancellationException e) {
            log(operation, "cancelled", 0, started);
            throw cancelled();
        } catch (TimeoutException e) {
            exchange.cancel(true);
            GatewayException error = new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "Snowflake Cortex did not answer in time",
                    "Retry later, with backoff.", Map.of());
            log(operation, error.code().name(), 0, started);
            throw error;
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            log(operation, "interrupted", 0, started);
            throw cancelled();
        } catch (ExecutionException e) {
            if (scope.cancelled()) {
                // the client may fail the exchange with its own cancellation error instead of cancelling the future
                log(operation, "cancelled", 0, started);
                throw cancelled();
            }
            GatewayException error = UpstreamErrors.forException(e.getCause());
            log(operation, error.code().name(), 0, started);
            throw error;
        }
        int status = response.statusCode();
        if (status != 200) {
            GatewayException error = UpstreamErrors.forStatus(status, response.headers(), response.body(), json, clock);
            log(operation, error.code().name(), status, started);
            throw error;
        }
        String requestId = response.headers().firstValue(UpstreamErrors.REQUEST_ID_HEADER).orElse(null);
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            log(operation, "unreadable", status, started);
            throw UpstreamErrors.unreadableAnswer(requestId);
        }
        log(operation, "completed", status, started);
        return (ObjectNode) answer;
    }

    private byte[] bytes(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static GatewayException cancelled() {
        return new GatewayException(ErrorCode.SERVICE_UNAVAILABLE, "the gateway stopped waiting for Snowflake Cortex");
    }

    private static void log(String operation, String outcome, int status, long startedNanos) {
        LOG.info("cortex {} call ended: {} (upstream status {}, {} ms)", operation, outcome, status,
                (System.nanoTime() - startedNanos) / 1_000_000);
    }
}
