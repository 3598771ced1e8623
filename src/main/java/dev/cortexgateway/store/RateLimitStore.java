package dev.cortexgateway.store;

import java.math.BigInteger;
import java.time.Duration;

/**
 * The token buckets of the rate limits, one per key (a route group and a caller). In-process for one
 * instance; a shared implementation (Bucket4j's Redis proxy manager) makes a limit hold across
 * instances without touching the routes, which only see this interface through the limiter.
 */
public interface RateLimitStore extends StateStore {

    /**
     * Takes one token from the bucket named {@code key}; a key seen for the first time gets a full
     * bucket shaped by {@code limit}.
     *
     * @throws dev.cortexgateway.error.GatewayException SERVICE_UNAVAILABLE when a shared store cannot
     *         reach its buckets and its outage policy refuses
     */
    Probe take(String key, Limit limit);

    /**
     * Token-weighted buckets (usage/TokenLimits): the tokens left in bucket {@code key}, negative
     * when more were consumed than it held; a key seen for the first time is a full bucket.
     */
    long available(String key, Limit limit);

    /**
     * Takes {@code tokens} from bucket {@code key} whatever it holds, so it may go negative: the
     * tokens an answer used are known only after it was allowed.
     */
    void consume(String key, Limit limit, long tokens);

    /**
     * A bucket's shape: {@code capacity} tokens at most, refilled greedily (continuously) at
     * {@code refillTokens} per {@code refillPeriod}.
     */
    record Limit(long capacity, long refillTokens, Duration refillPeriod) {

        public Limit {
            if (capacity < 1 || refillTokens < 1 || refillPeriod.isNegative() || refillPeriod.isZero()) {
                throw new IllegalArgumentException("a bucket needs a positive capacity, refill and period");
            }
        }

        /** How long an empty bucket takes to be full again: an idle bucket older than this is a new one. */
        public Duration timeToFull() {
            BigInteger nanos = BigInteger.valueOf(refillPeriod.toNanos()).multiply(BigInteger.valueOf(capacity))
                    .divide(BigInteger.valueOf(refillTokens)).add(BigInteger.ONE);
            return Duration.ofNanos(nanos.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue());
        }
    }

    /**
     * What a take did: whether the token was granted, the tokens left, and (when refused) the wait
     * until the next token; {@code nanosToFull} is the wait until the bucket is full again.
     */
    record Probe(boolean taken, long remaining, long nanosToNextToken, long nanosToFull) {
    }
}
