package dev.cortexgateway.upstream;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway protects itself and its upstreams: one circuit breaker and one retry policy per
 * upstream ({@code cortex}: agent runs, Search, Analyst; {@code warehouse}: sql_exec and sql_template;
 * {@code http}: registered http tools).
 *
 * @param cortex    agent runs (chat and {@code /query}), Cortex Search and Cortex Analyst
 * @param warehouse {@code sql_exec} and {@code sql_template}
 * @param http      registered http tools
 */
@Validated
@ConfigurationProperties("gateway.upstreams")
public record UpstreamProperties(
        @DefaultValue @Valid @NotNull Upstream cortex,
        @DefaultValue @Valid @NotNull Upstream warehouse,
        @DefaultValue @Valid @NotNull Upstream http) {

    public static final String CORTEX = "cortex";
    public static final String WAREHOUSE = "warehouse";
    public static final String HTTP = "http";

    public Map<String, Upstream> byName() {
        return Map.of(CORTEX, cortex, WAREHOUSE, warehouse, HTTP, http);
    }

    public Upstream of(String name) {
        Upstream upstream = byName().get(name);
        if (upstream == null) {
            throw new IllegalArgumentException("no upstream named " + name);
        }
        return upstream;
    }

    /**
     * @param circuitBreaker one breaker shared by every route that calls this upstream
     * @param retry          retries of retryable failures (5xx, 429, timeouts, connection failures)
     */
    public record Upstream(@DefaultValue @Valid @NotNull CircuitBreaker circuitBreaker,
                           @DefaultValue @Valid @NotNull Retry retry) {
    }

    /**
     * A count-based sliding window: the breaker opens when at least {@code minimumCalls} of the last
     * {@code slidingWindow} calls were made and {@code failureRateThreshold} percent of them failed.
     *
     * @param failureRateThreshold     percent of failed calls in the window that opens the breaker (upstream
     *                                 failures only: 5xx, 429, timeouts, connection failures; never a
     *                                 caller's mistake or an upstream 4xx)
     * @param minimumCalls             calls the window must hold before the rate counts
     * @param slidingWindow            the last this many calls make the window
     * @param waitInOpenState        how long calls are refused (503 CIRCUIT_OPEN) before probes go through
     * @param permittedCallsInHalfOpen probes let through after the wait; their failure rate closes or reopens
     */
    public record CircuitBreaker(
            @DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
            @DefaultValue("10") @Min(1) int minimumCalls,
            @DefaultValue("20") @Min(1) int slidingWindow,
            @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) Duration waitInOpenState,
            @DefaultValue("2") @Min(1) int permittedCallsInHalfOpen) {
    }

    /**
     * Exponential backoff with jitter: attempt n waits {@code initialBackoff * multiplier^(n-1)},
     * capped at {@code maxBackoff}, then moved by up to {@code jitter} of itself either way.
     *
     * <p>{@code initialBackoff} and {@code maxBackoff} are written as whole milliseconds: Camel's
     * redelivery policy reads the same settings and does not parse {@code 200ms}.
     *
     * @param maxAttempts   calls in all, the first included (1 = no retry); chat runs use the cortex one and
     *                      retry only before the stream's first byte
     * @param initialBackoff wait before the first retry, in whole milliseconds
     * @param multiplier     each further wait is the previous one times this
     * @param maxBackoff     the longest wait, in whole milliseconds
     * @param jitter         each wait moves by up to this share (0..1) of itself either way
     * @param maxRetryAfter an upstream's Retry-After longer than the backoff is waited out up to this;
     *                      a longer one ends the retries (the caller gets the upstream's Retry-After)
     * @param tools         tool pipelines retry too (off: a tool call runs once unless this is set)
     */
    public record Retry(
            @DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
            @DefaultValue("200") @NotNull @DurationMin(millis = 1) Duration initialBackoff,
            @DefaultValue("2.0") @DecimalMin("1.0") @DecimalMax("10.0") double multiplier,
            @DefaultValue("2000") @NotNull @DurationMin(millis = 1) Duration maxBackoff,
            @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double jitter,
            @DefaultValue("5s") @NotNull Duration maxRetryAfter,
            @DefaultValue("false") boolean tools) {

        @AssertTrue(message = "max-backoff must not be shorter than initial-backoff")
        public boolean isBackoffOrdered() {
            return maxBackoff == null || initialBackoff == null || maxBackoff.compareTo(initialBackoff) >= 0;
        }

        /**
         * The longest the wait before retry {@code retry} (1-based) can be. Camel multiplies the
         * previous (jittered) delay, so jitter compounds; the cap bounds it all.
         */
        public long longestBackoffMillis(int retry) {
            int n = Math.max(1, retry);
            double longest = initialBackoff.toMillis() * Math.pow(multiplier, n - 1) * Math.pow(1 + jitter, n);
            return (long) Math.ceil(Math.min(longest, maxBackoff.toMillis()));
        }
    }
}
