package dev.cortexgateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.store.ManualTime;
import dev.cortexgateway.store.ResponseCacheStore.Entry;
import dev.cortexgateway.store.ResponseCacheStore.Meta;
import dev.cortexgateway.store.ResponseCacheStore.Removed;
import dev.cortexgateway.store.ResponseCacheStore.Stats;
import dev.cortexgateway.testing.SharedServices;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared answer cache on the machine's Redis, with the in-process store's contract: hits and
 * misses, per-entry TTL (real time: Redis expires), replacement, selective invalidation, the entry
 * bound, statistics; and an entry stored through one instance is a hit on another.
 */
class RedisResponseCacheStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(5);

    static RedisStoreFixture fixture;
    static RedisConnection a;
    static RedisConnection b;

    private final ManualTime time = new ManualTime(T0);
    private RedisResponseCacheStore cache;

    @BeforeAll
    static void connect() {
        SharedServices.requireRedis();
        fixture = new RedisStoreFixture();
        a = fixture.connect();
        b = fixture.connect();
    }

    @AfterAll
    static void close() {
        if (fixture != null) {
            SharedServices.deleteRedisKeys(fixture.prefix);
            a.destroy();
            b.destroy();
        }
    }

    @BeforeEach
    void emptyCache() {
        SharedServices.deleteRedisKeys(fixture.prefix);
        cache = cache(a, 100);
    }

    @AfterEach
    void nothingLeftBehind() {
        SharedServices.deleteRedisKeys(fixture.prefix);
    }

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
    void anEntryStoredByOneInstanceIsAHitOnAnother() {
        RedisResponseCacheStore other = cache(b, 100);
        cache.put("shared", "{\"a\":1}", new Meta("", "what is revenue", 7), TTL);

        assertThat(other.get("shared")).map(Entry::value).contains("{\"a\":1}");
        assertThat(other.contains("shared")).isTrue();
        assertThat(cache.stats().hits()).as("the counters are shared").isEqualTo(1);
    }

    @Test
    void anEntryExpiresAtItsOwnTtl() throws InterruptedException {
        cache.put("short", "1", meta("short"), Duration.ofMillis(300));
        cache.put("long", "22", meta("long"), TTL);
        assertThat(cache.contains("short")).isTrue();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cache.contains("short") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(cache.get("short")).isEmpty();
        assertThat(cache.get("long")).isPresent();
        assertThat(cache.stats()).extracting(Stats::entries, Stats::bytes)
                .containsExactly(1L, (long) ("22".length() + "p".length() + "long".length()));
    }

    @Test
    void replacingAnEntryRestartsItsTtlAndCountsItsBytesOnce() {
        cache.put("q", "old", meta("q"), TTL);
        time.advance(Duration.ofMinutes(4));
        cache.put("q", "newer", meta("q"), TTL);

        Entry entry = cache.get("q").orElseThrow();
        assertThat(entry.value()).isEqualTo("newer");
        assertThat(entry.storedAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
        assertThat(cache.stats()).extracting(Stats::entries, Stats::bytes).containsExactly(1L, entry.sizeBytes());
        assertThat(a.sync().pttl(fixture.prefix + "cache:entry:q")).isGreaterThan(Duration.ofMinutes(4).toMillis());
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
        assertThat(cache.stats()).extracting(Stats::entries, Stats::bytes)
                .containsExactly(1L, (long) (1 + 1 + "search:sales".length()));
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
    void invalidatingEverythingEmptiesTheIndexToo() {
        RedisResponseCacheStore big = cache(a, 1000);
        // more than two batches of the invalidation's reads
        IntStream.range(0, 500).forEach(i -> big.put("k" + i, "v", meta("k" + i), TTL));

        assertThat(big.invalidate(e -> true).entries()).isEqualTo(500);
        assertThat(big.stats()).isEqualTo(new Stats(0, 0, 0, 0));
        assertThat(a.sync().keys(fixture.prefix + "cache:entry:*")).isEmpty();
    }

    @Test
    void theNumberOfEntriesIsBoundedAndTheOldestGoFirst() {
        RedisResponseCacheStore small = cache(a, 10);
        IntStream.range(0, 200).forEach(i -> {
            time.advance(Duration.ofMillis(1));
            small.put("k" + i, "v", meta("k" + i), TTL);
        });

        assertThat(small.stats().entries()).isEqualTo(10);
        assertThat(small.contains("k199")).isTrue();
        assertThat(small.contains("k189")).isFalse();
        assertThat(a.sync().keys(fixture.prefix + "cache:entry:*")).hasSize(10);
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

    @Test
    void scriptsAreReloadedAfterRedisForgetsThem() {
        a.sync().scriptFlush();
        cache.put("k", "v", meta("k"), TTL);
        assertThat(cache.get("k")).isPresent();
    }

    private static Meta meta(String query) {
        return new Meta("p", query, 10);
    }

    private RedisResponseCacheStore cache(RedisConnection connection, long maxEntries) {
        return new RedisResponseCacheStore(connection, fixture.outages(), maxEntries, time);
    }
}
