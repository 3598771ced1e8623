package dev.cortexgateway.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/** Answers already computed, keyed by what was asked, so a repeated question skips the upstream. */
public interface ResponseCacheStore extends StateStore {

    /** Counts a hit or a miss. */
    Optional<Entry> get(String key);

    /** Stores or replaces the entry; it is dropped {@code ttl} after this call. */
    void put(String key, String value, Duration ttl);

    /** @return how many entries were dropped */
    int invalidate(Predicate<String> keyMatches);

    /** Drops entries stored more than {@code age} ago. @return how many */
    int invalidateOlderThan(Duration age);

    Stats stats();

    /** @param value the cached answer's JSON text */
    record Entry(String value, Instant storedAt) {
    }

    /** @param entries live entries now; hits and misses since start */
    record Stats(long entries, long hits, long misses) {
    }
}
