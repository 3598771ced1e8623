package dev.cortexgateway.cache;

import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * What the store cannot know about its hits and misses: how long the queries took at the gateway
 * (a miss includes its upstream run), how many tokens the hits saved and how many the misses spent.
 * This instance's counts since it started, for {@code GET /api/v1/cache/status} and the metrics summary.
 */
@Component
public final class CacheCounters {

    private final LongAdder hits = new LongAdder();
    private final LongAdder hitNanos = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder missNanos = new LongAdder();
    private final LongAdder tokensSaved = new LongAdder();
    private final LongAdder tokensSpent = new LongAdder();

    public void hit(long nanos, long tokenCost) {
        hits.increment();
        hitNanos.add(nanos);
        tokensSaved.add(tokenCost);
    }

    /** @param tokenCost what the upstream spent on the answer the miss fetched */
    public void miss(long nanos, long tokenCost) {
        misses.increment();
        missNanos.add(nanos);
        tokensSpent.add(tokenCost);
    }

    /** Average gateway time of a hit in milliseconds; null before the first one. */
    public Double averageHitMs() {
        return average(hitNanos.sum(), hits.sum());
    }

    public Double averageMissMs() {
        return average(missNanos.sum(), misses.sum());
    }

    public long tokensSaved() {
        return tokensSaved.sum();
    }

    /**
     * Tokens the hits saved as a percentage of what the looked-up queries would have cost without the
     * cache (saved + spent on misses); null until a lookup cost or saved anything.
     */
    public Double savingsPercent() {
        long saved = tokensSaved.sum();
        long whole = saved + tokensSpent.sum();
        return whole == 0 ? null : Math.round(saved * 1000.0 / whole) / 10.0;
    }

    private static Double average(long nanos, long count) {
        return count == 0 ? null : Math.round(nanos / (double) count / 1000.0) / 1000.0;
    }
}
