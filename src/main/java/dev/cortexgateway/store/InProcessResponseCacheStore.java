package dev.cortexgateway.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.cortexgateway.config.InProcessStoreProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The response cache in this instance's memory (Caffeine): per-entry TTL, a size bound that evicts
 * the entries least likely to be asked for again, and hit/miss counts.
 */
@Component
public final class InProcessResponseCacheStore implements ResponseCacheStore {

    private final Cache<String, Stored> cache;
    private final Clock clock;

    @Autowired
    public InProcessResponseCacheStore(InProcessStoreProperties properties, ObjectProvider<Clock> clock) {
        this(properties.cache(), Ticker.systemTicker(), clock.getIfAvailable(Clock::systemUTC));
    }

    /** The ticker times expiry (monotonic); the clock only stamps when an entry was stored. */
    InProcessResponseCacheStore(InProcessStoreProperties.Cache limits, Ticker ticker, Clock clock) {
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(limits.maxEntries())
                .expireAfter(Expiry.writing((String key, Stored stored) -> stored.ttl()))
                .ticker(ticker)
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    @Override
    public Optional<Entry> get(String key) {
        return Optional.ofNullable(cache.getIfPresent(key)).map(Stored::entry);
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("cache TTL must be positive");
        }
        cache.put(key, new Stored(new Entry(value, clock.instant()), ttl));
    }

    @Override
    public int invalidate(Predicate<String> keyMatches) {
        return removeIf(entry -> keyMatches.test(entry.getKey()));
    }

    @Override
    public int invalidateOlderThan(Duration age) {
        Instant cutoff = clock.instant().minus(age);
        return removeIf(entry -> entry.getValue().entry().storedAt().isBefore(cutoff));
    }

    @Override
    public Stats stats() {
        cache.cleanUp();
        CacheStats counts = cache.stats();
        return new Stats(cache.estimatedSize(), counts.hitCount(), counts.missCount());
    }

    @Override
    public String kind() {
        return "response-cache";
    }

    @Override
    public String backend() {
        return "in-process";
    }

    @Override
    public void ping() {
        // memory is always there
    }

    private int removeIf(Predicate<Map.Entry<String, Stored>> matches) {
        int removed = 0;
        for (Map.Entry<String, Stored> entry : cache.asMap().entrySet()) {
            if (matches.test(entry) && cache.asMap().remove(entry.getKey(), entry.getValue())) {
                removed++;
            }
        }
        return removed;
    }

    private record Stored(Entry entry, Duration ttl) {
    }
}
