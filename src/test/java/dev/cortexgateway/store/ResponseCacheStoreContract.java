package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.store.ResponseCacheStore.Entry;
import dev.cortexgateway.store.ResponseCacheStore.Meta;
import dev.cortexgateway.store.ResponseCacheStore.Removed;
import dev.cortexgateway.store.ResponseCacheStore.Stats;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every response cache store does, whichever backend: hits and misses, an entry gone after its
 * own TTL, replacement counted once, invalidation by key and by age, a positive TTL, and a
 * {@code contains} that counts nothing. Run against the in-process store and the Redis one.
 * Subclasses give an empty store, holding at least 100 entries, that stamps entries with
 * {@link #time}; how long an entry lives is the backend's own (manual ticker, or Redis in real time),
 * so subclasses say how an entry is let expire.
 */
public abstract class ResponseCacheStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    protected static final Duration TTL = Duration.ofMinutes(5);

    /** The clock the store stamps {@link Entry#storedAt()} with; it moves only when a test says so. */
    protected final ManualTime time = new ManualTime(T0);

    /** The store under test: empty, room for 100 entries, stamping entries with {@link #time}. */
    protected abstract ResponseCacheStore store();

    /** A TTL short enough to wait out in {@link #letExpire}, long enough for the backend to act on it. */
    protected abstract Duration shortTtl();

    /** Returns once the entry at {@code key}, stored with {@code ttl}, has lived out its TTL. */
    protected abstract void letExpire(String key, Duration ttl) throws InterruptedException;

    protected static Meta meta(String query) {
        return new Meta("p", query, 10);
    }

    @Test
    void aStoredAnswerIsAHitAndAnythingElseAMiss() {
        assertThat(store().get("q:revenue")).isEmpty();
        store().put("q:revenue", "{\"answer\":42}", meta("q:revenue"), TTL);

        Entry entry = store().get("q:revenue").orElseThrow();
        assertThat(entry.value()).isEqualTo("{\"answer\":42}");
        assertThat(entry.storedAt()).isEqualTo(T0);
        assertThat(entry.meta()).isEqualTo(meta("q:revenue"));
        assertThat(entry.sizeBytes()).isEqualTo("{\"answer\":42}".length() + "p".length() + "q:revenue".length());
        assertThat(store().get("q:other")).isEmpty();
        assertThat(store().stats()).isEqualTo(new Stats(1, 1, 2, entry.sizeBytes()));
    }

    @Test
    void anEntryExpiresAtItsOwnTtl() throws InterruptedException {
        Duration shortTtl = shortTtl();
        store().put("short", "1", meta("short"), shortTtl);
        store().put("long", "22", meta("long"), TTL);
        assertThat(store().contains("short")).isTrue();

        letExpire("short", shortTtl);

        assertThat(store().get("short")).isEmpty();
        assertThat(store().get("long")).isPresent();
        assertThat(store().stats()).extracting(Stats::entries, Stats::bytes)
                .containsExactly(1L, (long) ("22".length() + "p".length() + "long".length()));
    }

    @Test
    void replacingAnEntryKeepsTheNewOneAndCountsItsBytesOnce() {
        store().put("q", "old", meta("q"), TTL);
        time.advance(Duration.ofMinutes(4));
        store().put("q", "newer", meta("q"), TTL);

        Entry entry = store().get("q").orElseThrow();
        assertThat(entry.value()).isEqualTo("newer");
        assertThat(entry.storedAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
        assertThat(store().stats()).extracting(Stats::entries, Stats::bytes).containsExactly(1L, entry.sizeBytes());
    }

    @Test
    void entriesAreInvalidatedByKey() {
        store().put("query:sales:2025", "a", meta("query:sales:2025"), TTL);
        store().put("query:sales:2026", "b", meta("query:sales:2026"), TTL);
        store().put("search:sales", "c", meta("search:sales"), TTL);

        assertThat(store().invalidate(e -> e.meta().normalizedQuery().startsWith("query:sales:")))
                .isEqualTo(new Removed(2, 2 * (1 + 1 + "query:sales:2025".length())));

        assertThat(store().get("query:sales:2025")).isEmpty();
        assertThat(store().get("search:sales")).isPresent();
        assertThat(store().invalidate(e -> e.meta().normalizedQuery().startsWith("query:")).entries()).isZero();
        assertThat(store().stats()).extracting(Stats::entries, Stats::bytes)
                .containsExactly(1L, (long) (1 + 1 + "search:sales".length()));
    }

    @Test
    void entriesAreInvalidatedByAge() {
        store().put("old", "a", meta("old"), Duration.ofHours(1));
        time.advance(Duration.ofMinutes(10));
        store().put("new", "b", meta("new"), Duration.ofHours(1));
        time.advance(Duration.ofMinutes(1));

        Instant cutoff = time.instant().minus(Duration.ofMinutes(5));
        assertThat(store().invalidate(e -> e.storedAt().isBefore(cutoff)).entries()).isEqualTo(1);

        assertThat(store().get("old")).isEmpty();
        assertThat(store().get("new")).isPresent();
    }

    @Test
    void aTtlMustBePositive() {
        assertThatThrownBy(() -> store().put("k", "v", meta("k"), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containsCountsNeitherHitNorMiss() {
        store().put("k", "v", meta("k"), TTL);

        assertThat(store().contains("k")).isTrue();
        assertThat(store().contains("other")).isFalse();
        assertThat(store().stats().hits() + store().stats().misses()).isZero();
    }
}
