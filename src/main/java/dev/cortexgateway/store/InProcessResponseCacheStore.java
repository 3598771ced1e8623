package dev.cortexgateway.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.cortexgateway.config.InProcessStoreProperties;
import java.time.Clock;
import java.time.Duration;
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
@OnInProcessBackend
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
    public boolean contains(String key) {
        // the map view reads without recording a hit or a miss
        return cache.asMap().get(key) != null;
    }

    @Override
    public void put(String key, String value, Meta meta, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("cache TTL must be positive");
        }
        cache.put(key, new Stored(new Entry(value, clock.instant(), meta, Entry.sizeOf(value, meta)), ttl));
    }

    @Override
    public Removed invalidate(Predicate<Entry> matches) {
        int removed = 0;
        long bytes = 0;
        for (Map.Entry<String, Stored> entry : cache.asMap().entrySet()) {
            Stored stored = entry.getValue();
            if (matches.test(stored.entry()) && cache.asMap().remove(entry.getKey(), stored)) {
                removed++;
                bytes += stored.entry().sizeBytes();
            }
        }
        return new Removed(removed, bytes);
    }

    @Override
    public Stats stats() {
        cache.cleanUp();
        CacheStats counts = cache.stats();
        long bytes = 0;
        for (Stored stored : cache.asMap().values()) {
            bytes += stored.entry().sizeBytes();
        }
        return new Stats(cache.estimatedSize(), counts.hitCount(), counts.missCount(), bytes);
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

    private record Stored(Entry entry, Duration ttl) {
    }
}
