package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.InProcessStoreProperties;
import dev.cortexgateway.store.ResponseCacheStore.Entry;
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
        cache.put("q:revenue", "{\"answer\":42}", TTL);

        assertThat(cache.get("q:revenue")).contains(new Entry("{\"answer\":42}", T0));
        assertThat(cache.get("q:other")).isEmpty();
        assertThat(cache.stats()).isEqualTo(new Stats(1, 1, 2));
    }

    @Test
    void anEntryExpiresAtItsOwnTtl() {
        cache.put("short", "1", Duration.ofSeconds(10));
        cache.put("long", "2", TTL);

        time.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(cache.get("short")).isPresent();

        time.advance(Duration.ofNanos(1));
        assertThat(cache.get("short")).isEmpty();
        assertThat(cache.get("long")).isPresent();
        assertThat(cache.stats().entries()).isEqualTo(1);
    }

    @Test
    void replacingAnEntryRestartsItsTtl() {
        cache.put("q", "old", TTL);
        time.advance(Duration.ofMinutes(4));
        cache.put("q", "new", TTL);
        time.advance(Duration.ofMinutes(4));

        assertThat(cache.get("q")).contains(new Entry("new", T0.plus(Duration.ofMinutes(4))));
    }

    @Test
    void entriesAreInvalidatedByKey() {
        cache.put("query:sales:2025", "a", TTL);
        cache.put("query:sales:2026", "b", TTL);
        cache.put("search:sales", "c", TTL);

        assertThat(cache.invalidate(key -> key.startsWith("query:sales:"))).isEqualTo(2);

        assertThat(cache.get("query:sales:2025")).isEmpty();
        assertThat(cache.get("search:sales")).isPresent();
        assertThat(cache.invalidate(key -> key.startsWith("query:"))).isZero();
    }

    @Test
    void entriesAreInvalidatedByAge() {
        cache.put("old", "a", Duration.ofHours(1));
        time.advance(Duration.ofMinutes(10));
        cache.put("new", "b", Duration.ofHours(1));
        time.advance(Duration.ofMinutes(1));

        assertThat(cache.invalidateOlderThan(Duration.ofMinutes(5))).isEqualTo(1);

        assertThat(cache.get("old")).isEmpty();
        assertThat(cache.get("new")).isPresent();
    }

    @Test
    void theNumberOfEntriesIsBounded() {
        InProcessResponseCacheStore small = cache(10);
        IntStream.range(0, 200).forEach(i -> small.put("k" + i, "v", TTL));

        assertThat(small.stats().entries()).isLessThanOrEqualTo(10);
    }

    @Test
    void aTtlMustBePositive() {
        assertThatThrownBy(() -> cache.put("k", "v", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private InProcessResponseCacheStore cache(long maxEntries) {
        return new InProcessResponseCacheStore(new InProcessStoreProperties.Cache(maxEntries), time, time);
    }
}
