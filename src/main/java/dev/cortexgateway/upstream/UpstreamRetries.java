package dev.cortexgateway.upstream;

import dev.cortexgateway.config.InvalidSettingException;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.support.CancelScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The {@code retryWhile} of the retry configurations (routes/shared/upstream-retries.yaml): decides
 * whether a failed upstream call is tried again. The backoff itself (exponential, with jitter,
 * capped) is the upstream's redelivery policy bean there; this bean says which failures, how many
 * times, whether an upstream's Retry-After must be waited out, and that no wait outlives the
 * caller's deadline.
 *
 * <p>A retry happens only before the first byte of a stream: the chat dispatch step fails only
 * when Cortex refused the run before it opened; failures after that are events in the stream and
 * never reach the error handler.
 */
@Component("upstreamRetries")
public final class UpstreamRetries {


    private static final Logger LOG = LoggerFactory.getLogger(UpstreamRetries.class);

    private final UpstreamProperties properties;
    private final MeterRegistry meters;

    public UpstreamRetries(UpstreamProperties properties, MeterRegistry meters, Environment environment) {
        this.properties = properties;
        this.meters = meters;
        // Camel's redelivery policy reads these two as plain milliseconds: "200ms" would fail every retry
        for (String upstream : properties.byName().keySet()) {
            for (String key : new String[] {"initial-backoff", "max-backoff"}) {
                String setting = "gateway.upstreams." + upstream + ".retry." + key;
                String value = environment.getProperty(setting);
                if (value != null && !value.trim().matches("\\d+")) {
                    throw new InvalidSettingException(setting, "must be whole milliseconds, e.g. 200, not '" + value + "'",
                            "Write the backoff as a number of milliseconds");
                }
            }
        }
    }

    /**
     * A call to {@code upstream} failed: try it again? A call on a tool execution's clock (it carries
     * {@link ExchangeKeys#UPSTREAM_DEADLINE_NANOS}) is a tool pipeline's, retried only when
     * {@code gateway.upstreams.<upstream>.retry.tools} is on; any other is the chat dispatch (Cortex
     * agent:run before its stream opened), always retried within the upstream's retry settings.
     */
    public boolean call(Exchange exchange, String upstream) {
        UpstreamProperties.Retry retry = properties.of(upstream).retry();
        if (exchange.getProperty(ExchangeKeys.UPSTREAM_DEADLINE_NANOS) != null) {
            return retry.tools() && decide(exchange, upstream, "tool", retry);
        }
        return decide(exchange, upstream, "chat", retry);
    }

    private boolean decide(Exchange exchange, String upstream, String kind, UpstreamProperties.Retry retry) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // Camel counts the redelivery it is deciding on: 1 after the first attempt failed
        int attemptsMade = Math.max(1, exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class));
        exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        if (attemptsMade >= retry.maxAttempts() || !UpstreamFailures.isUpstreamFailure(failure)
                || CancelScope.current().cancelled()) {
            return false;
        }
        int next = attemptsMade;
        long wait = retry.longestBackoffMillis(next);
        long retryAfterMillis = retryAfterMillis(failure);
        if (retryAfterMillis > retry.maxRetryAfter().toMillis()) {
            // the upstream asks for a longer pause than the caller should be held: it gets the upstream's answer
            return false;
        }
        if (retryAfterMillis > 0) {
            // the upstream said when: never sooner than that, and never sooner than the backoff
            wait = Math.max(wait, retryAfterMillis);
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, wait);
        }
        Long deadline = exchange.getProperty(ExchangeKeys.UPSTREAM_DEADLINE_NANOS, Long.class);
        if (deadline != null && System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait) >= deadline) {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
            return false;
        }
        Counter.builder("gateway.upstream.retries").description("upstream calls tried again after a retryable failure")
                .tag("upstream", upstream).tag("kind", kind).register(meters).increment();
        LOG.info("retrying a {} call to upstream {} (retry {} of {}) after {} in at most {} ms", kind, upstream, next,
                retry.maxAttempts() - 1, reason(failure), wait);
        return true;
    }

    private static long retryAfterMillis(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GatewayException known && known.details().get("retryAfterSeconds") instanceof Number seconds) {
                return seconds.longValue() * 1000;
            }
        }
        return 0;
    }

    private static String reason(Throwable failure) {
        return failure instanceof GatewayException known ? known.code().name() : failure == null ? "unknown" : failure.getClass().getSimpleName();
    }
}
