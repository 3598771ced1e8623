package dev.cortexgateway.limits;

import dev.cortexgateway.store.RateLimitStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits: one token bucket per route group and caller.
 *
 * @param enabled            false turns every limit step into a no-op (no headers, no 429); the
 *                           group names are still checked
 * @param trustForwardedFor  per-IP groups key on the TCP peer address unless this is true, when they
 *                           take the right-most {@code X-Forwarded-For} entry (the address the
 *                           gateway's own proxy saw); only safe behind a proxy that sets the header
 * @param groups             the groups routes name in their {@code rateLimits} step: whose bucket
 *                           ({@code client}: per owner, plus a per-client aggregate of 10 times the
 *                           owner's unless {@code client-capacity} / {@code client-refill-tokens} say
 *                           otherwise; {@code ip}), its burst and the tokens added back continuously per
 *                           {@code refill-period}; a route naming a group not configured stops start-up
 */
@Validated
@ConfigurationProperties("gateway.rate-limits")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean trustForwardedFor,
        @NotEmpty Map<String, @Valid @NotNull Group> groups) {

    /** Who a group's buckets belong to. */
    public enum Key {
        /**
         * the verified caller: one bucket per owner (a confidential client, a public client's end
         * user, a confidential client's named user) plus one aggregate bucket per client id; the step
         * runs after tokenCheck
         */
        CLIENT,
        /** the caller's IP address: routes without a token */
        IP
    }

    /**
     * @param key                CLIENT or IP
     * @param capacity           requests allowed in a burst (the bucket's size), per owner or IP
     * @param refillTokens       tokens added back per {@code refillPeriod}, continuously (greedy refill)
     * @param refillPeriod       the refill window
     * @param clientCapacity     CLIENT groups: the burst all owners of one client share (the aggregate
     *                           bucket); absent: {@value #AGGREGATE_FACTOR} times {@code capacity}. Only
     *                           taken from when the owner is narrower than the client (an end user),
     *                           so a confidential client acting for itself meets its own bucket only
     * @param clientRefillTokens the aggregate's refill per {@code refillPeriod}; absent:
     *                           {@value #AGGREGATE_FACTOR} times {@code refillTokens}
     */
    public record Group(@NotNull Key key, @Min(1) long capacity, @Min(1) long refillTokens,
                        @NotNull @DurationMin(millis = 1) Duration refillPeriod,
                        @Min(1) Long clientCapacity, @Min(1) Long clientRefillTokens) {

        /** How many owners' worth the aggregate holds when it is not configured. */
        public static final long AGGREGATE_FACTOR = 10;

        @ConstructorBinding
        public Group {
        }

        public Group(Key key, long capacity, long refillTokens, Duration refillPeriod) {
            this(key, capacity, refillTokens, refillPeriod, null, null);
        }

        /** One owner must not be able to empty the aggregate alone: it holds more than one owner's burst. */
        @AssertTrue(message = "client-capacity must be larger than capacity, and client-refill-tokens at least refill-tokens")
        public boolean isAggregateLargerThanOneOwner() {
            return (clientCapacity == null || clientCapacity > capacity)
                    && (clientRefillTokens == null || clientRefillTokens >= refillTokens);
        }

        /** Bucket4j refuses refill rates above one token per nanosecond: refuse them at start-up instead. */
        @AssertTrue(message = "refill-tokens per refill-period must be at most one token per nanosecond")
        public boolean isRefillRateSupported() {
            return refillPeriod == null || refillTokens <= refillPeriod.toNanos();
        }

        RateLimitStore.Limit limit() {
            return new RateLimitStore.Limit(capacity, refillTokens, refillPeriod);
        }

        /** The per-client aggregate bucket's limit. */
        RateLimitStore.Limit clientLimit() {
            long aggregateRefill = clientRefillTokens != null ? clientRefillTokens : refillTokens * AGGREGATE_FACTOR;
            return new RateLimitStore.Limit(clientCapacity != null ? clientCapacity : capacity * AGGREGATE_FACTOR,
                    Math.min(aggregateRefill, refillPeriod.toNanos()), refillPeriod);
        }
    }
}
