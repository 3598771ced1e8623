package dev.cortexgateway.cache;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * What the store cannot know about its hits and misses: how long the queries took at the gateway
 * (a miss includes its upstream run), how many tokens the hits saved and how many the misses spent.
 * This instance's counts since it started, for {@code GET /api/v1/cache/status} and the metrics summary,
 * and scraped as {@value #LOOKUPS}{@code {result="hit"|"miss"}} (per instance, unlike the store's own
 * stats, which Redis shares: Prometheus sums instances itself).
 */
@Component
public final class CacheCounters {

    public static final String LOOKUPS = "gateway.cache.lookups";

    private final LongAdder hits = new LongAdder();
    private final LongAdder hitNanos = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder missNanos = new LongAdder();
    private final LongAdder tokensSaved = new LongAdder();
    private final LongAdder tokensSpent = new LongAdder();

    public CacheCounters(MeterRegistry meters) {
        FunctionCounter.builder(LOOKUPS, hits, LongAdder::sum).tag("result", "hit")
                .description("/query answer-cache lookups (bypass and warm-up count neither)").register(meters);
        FunctionCounter.builder(LOOKUPS, misses, LongAdder::sum).tag("result", "miss")
                .description("/query answer-cache lookups (bypass and warm-up count neither)").register(meters);
    }

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
