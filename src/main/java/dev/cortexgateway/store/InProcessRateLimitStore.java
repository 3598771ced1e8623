package dev.cortexgateway.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cortexgateway.config.InProcessRateLimitProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Bucket4j's lock-free local buckets in a bounded Caffeine cache. A bucket is forgotten once it has
 * been idle as long as it takes to fill up again: by then it is indistinguishable from a new one,
 * so expiry costs no accuracy. Past {@code max-buckets} the least used buckets go early (which only
 * ever lets a forgotten caller through sooner), so memory stays flat under many distinct callers.
 */
@Component
@OnInProcessBackend
public final class InProcessRateLimitStore implements RateLimitStore {

    private final Cache<String, Entry> buckets;
    private final TimeMeter time;

    @Autowired
    public InProcessRateLimitStore(InProcessRateLimitProperties properties) {
        this(properties.maxBuckets(), Ticker.systemTicker(), TimeMeter.SYSTEM_NANOTIME);
    }

    InProcessRateLimitStore(long maxBuckets, Ticker ticker, TimeMeter time) {
        this.time = time;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxBuckets)
                .expireAfter(new IdleUntilFull())
                .ticker(ticker)
                // evict on the caller's thread: the bound holds as soon as a call returns
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Probe take(String key, Limit limit) {
        Entry entry = entry(key, limit);
        ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(1);
        return new Probe(probe.isConsumed(), probe.getRemainingTokens(),
                probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill(), probe.getNanosToWaitForReset());
    }

    @Override
    public long available(String key, Limit limit) {
        return entry(key, limit).bucket().getAvailableTokens();
    }

    @Override
    public void consume(String key, Limit limit, long tokens) {
        entry(key, limit).bucket().consumeIgnoringRateLimits(tokens);
    }

    private Entry entry(String key, Limit limit) {
        return buckets.get(key, k -> new Entry(bucket(limit), limit.timeToFull().toNanos()));
    }

    private Bucket bucket(Limit limit) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity())
                        .refillGreedy(limit.refillTokens(), limit.refillPeriod()).build())
                .withCustomTimePrecision(time)
                .build();
    }

    /** How many buckets are held now (expired ones not yet swept may still count). */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    @Override
    public String kind() {
        return "rate-limits";
    }

    @Override
    public String backend() {
        return "in-process";
    }

    @Override
    public void ping() {
        // memory is always there
    }

    private record Entry(Bucket bucket, long idleNanos) {
    }

    private static final class IdleUntilFull implements Expiry<String, Entry> {

        @Override
        public long expireAfterCreate(String key, Entry entry, long now) {
            return entry.idleNanos();
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long now, long remaining) {
            return entry.idleNanos();
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long now, long remaining) {
            return entry.idleNanos();
        }
    }
}
