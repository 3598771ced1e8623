package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.InProcessStoreProperties;
import dev.cortexgateway.store.ResponseCacheStore.Entry;
import dev.cortexgateway.store.ResponseCacheStore.Meta;
import dev.cortexgateway.store.ResponseCacheStore.Removed;
import dev.cortexgateway.store.ResponseCacheStore.Stats;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InProcessResponseCacheStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(5);

    private final ManualTime time = new ManualTime(T0);
    private final InProcessResponseCacheStore cache = cache(100);

    @Test
    void aStoredAnswerIsAHitAndAnythingElseAMiss() {
        assertThat(cache.get("q:revenue")).isEmpty();
        cache.put("q:revenue", "{\"answer\":42}", meta("q:revenue"), TTL);

        Entry entry = cache.get("q:revenue").orElseThrow();
        assertThat(entry.value()).isEqualTo("{\"answer\":42}");
        assertThat(entry.storedAt()).isEqualTo(T0);
        assertThat(entry.meta()).isEqualTo(meta("q:revenue"));
        assertThat(entry.sizeBytes()).isEqualTo("{\"answer\":42}".length() + "p".length() + "q:revenue".length());
        assertThat(cache.get("q:other")).isEmpty();
        assertThat(cache.stats()).isEqualTo(new Stats(1, 1, 2, entry.sizeBytes()));
    }

    @Test
    void anEntryExpiresAtItsOwnTtl() {
        cache.put("short", "1", meta("short"), Duration.ofSeconds(10));
        cache.put("long", "2", meta("long"), TTL);

        time.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(cache.get("short")).isPresent();

        time.advance(Duration.ofNanos(1));
        assertThat(cache.get("short")).isEmpty();
        assertThat(cache.get("long")).isPresent();
        assertThat(cache.stats().entries()).isEqualTo(1);
    }

    @Test
    void replacingAnEntryRestartsItsTtl() {
        cache.put("q", "old", meta("q"), TTL);
        time.advance(Duration.ofMinutes(4));
        cache.put("q", "new", meta("q"), TTL);
        time.advance(Duration.ofMinutes(4));

        assertThat(cache.get("q").orElseThrow().value()).isEqualTo("new");
        assertThat(cache.get("q").orElseThrow().storedAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
    }

    @Test
    void entriesAreInvalidatedByKey() {
        cache.put("query:sales:2025", "a", meta("query:sales:2025"), TTL);
        cache.put("query:sales:2026", "b", meta("query:sales:2026"), TTL);
        cache.put("search:sales", "c", meta("search:sales"), TTL);

        assertThat(cache.invalidate(e -> e.meta().normalizedQuery().startsWith("query:sales:")))
                .isEqualTo(new Removed(2, 2 * (1 + 1 + "query:sales:2025".length())));

        assertThat(cache.get("query:sales:2025")).isEmpty();
        assertThat(cache.get("search:sales")).isPresent();
        assertThat(cache.invalidate(e -> e.meta().normalizedQuery().startsWith("query:")).entries()).isZero();
    }

    @Test
    void entriesAreInvalidatedByAge() {
        cache.put("old", "a", meta("old"), Duration.ofHours(1));
        time.advance(Duration.ofMinutes(10));
        cache.put("new", "b", meta("new"), Duration.ofHours(1));
        time.advance(Duration.ofMinutes(1));

        Instant cutoff = time.instant().minus(Duration.ofMinutes(5));
        assertThat(cache.invalidate(e -> e.storedAt().isBefore(cutoff)).entries()).isEqualTo(1);

        assertThat(cache.get("old")).isEmpty();
        assertThat(cache.get("new")).isPresent();
    }

    @Test
    void theNumberOfEntriesIsBounded() {
        InProcessResponseCacheStore small = cache(10);
        IntStream.range(0, 200).forEach(i -> small.put("k" + i, "v", meta("k" + i), TTL));

        assertThat(small.stats().entries()).isLessThanOrEqualTo(10);
    }

    @Test
    void aTtlMustBePositive() {
        assertThatThrownBy(() -> cache.put("k", "v", meta("k"), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containsCountsNeitherHitNorMiss() {
        cache.put("k", "v", meta("k"), TTL);

        assertThat(cache.contains("k")).isTrue();
        assertThat(cache.contains("other")).isFalse();
        assertThat(cache.stats().hits() + cache.stats().misses()).isZero();
    }

    private static Meta meta(String query) {
        return new Meta("p", query, 10);
    }

    private InProcessResponseCacheStore cache(long maxEntries) {
        return new InProcessResponseCacheStore(new InProcessStoreProperties.Cache(maxEntries), time, time);
    }
}
