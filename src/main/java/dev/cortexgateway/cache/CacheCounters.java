package dev.cortexgateway.cache;

import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * What the store cannot know about its hits and misses: how long the queries took at the gateway
 * (a miss includes its upstream run) and how many tokens the hits saved. This instance's counts since
 * it started, for {@code GET /api/v1/cache/status}.
 */
@Component
public final class CacheCounters {

    private final LongAdder hits = new LongAdder();
    private final LongAdder hitNanos = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder missNanos = new LongAdder();
    private final LongAdder tokensSaved = new LongAdder();

    public void hit(long nanos, long tokenCost) {
        hits.increment();
        hitNanos.add(nanos);
        tokensSaved.add(tokenCost);
    }

    public void miss(long nanos) {
        misses.increment();
        missNanos.add(nanos);
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

    private static Double average(long nanos, long count) {
        return count == 0 ? null : Math.round(nanos / (double) count / 1000.0) / 1000.0;
    }
}
