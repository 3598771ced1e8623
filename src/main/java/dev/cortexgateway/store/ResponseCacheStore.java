package dev.cortexgateway.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Answers already computed, keyed by what was asked, so a repeated question skips the upstream.
 * Each entry carries what cache management selects on (its prefix, the normalized question, when it
 * was stored, its size and the tokens it cost), so a shared implementation (Redis, issue #8) can
 * answer the same selective invalidations without knowing how keys are built.
 */
public interface ResponseCacheStore extends StateStore {

    /** Counts a hit or a miss. */
    Optional<Entry> get(String key);

    /** Whether a live entry exists; counts neither a hit nor a miss (cache warming asks this). */
    boolean contains(String key);

    /** Stores or replaces the entry; it is dropped {@code ttl} after this call. */
    void put(String key, String value, Meta meta, Duration ttl);

    /** Drops every entry that matches. */
    Removed invalidate(Predicate<Entry> matches);

    Stats stats();

    /**
     * What an entry was stored for.
     *
     * @param prefix          the caller's cache prefix ("" when none)
     * @param normalizedQuery the question as the key saw it (trimmed, whitespace collapsed, lower case)
     * @param tokenCost       tokens the upstream spent on this answer (what each hit saves)
     */
    record Meta(String prefix, String normalizedQuery, long tokenCost) {

        public Meta {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(normalizedQuery, "normalizedQuery");
        }
    }

    /**
     * @param value     the cached answer's JSON text
     * @param sizeBytes UTF-8 bytes of the value, the prefix and the normalized query: an estimate of the
     *                  entry's memory that leaves out the JVM's per-object overhead
     */
    record Entry(String value, Instant storedAt, Meta meta, long sizeBytes) {

        public static long sizeOf(String value, Meta meta) {
            return value.getBytes(StandardCharsets.UTF_8).length
                    + meta.prefix().getBytes(StandardCharsets.UTF_8).length
                    + meta.normalizedQuery().getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** @param entries entries dropped; bytes their {@link Entry#sizeBytes()} together */
    record Removed(int entries, long bytes) {
    }

    /** @param entries live entries now; hits and misses since start; bytes the live entries' sizes together */
    record Stats(long entries, long hits, long misses, long bytes) {
    }
}
