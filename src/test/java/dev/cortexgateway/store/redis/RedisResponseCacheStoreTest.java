package dev.cortexgateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.store.ResponseCacheStore;
import dev.cortexgateway.store.ResponseCacheStore.Entry;
import dev.cortexgateway.store.ResponseCacheStore.Meta;
import dev.cortexgateway.store.ResponseCacheStore.Stats;
import dev.cortexgateway.store.ResponseCacheStoreContract;
import dev.cortexgateway.testing.RequiresRedis;
import dev.cortexgateway.testing.SharedServices;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The response cache contract on the machine's Redis (TTL in real time: Redis expires), plus what
 * only the shared cache does: an entry stored through one instance is a hit on another, Redis's own
 * TTL restarts on replacement, the entry bound drops the oldest, invalidation empties the index, and
 * scripts Redis forgot are loaded again.
 */
@RequiresRedis
class RedisResponseCacheStoreTest extends ResponseCacheStoreContract {

    static RedisStoreFixture fixture;

    private RedisResponseCacheStore cache;

    @BeforeAll
    static void connect() {
        fixture = RedisStoreFixture.twoInstances();
    }

    @AfterAll
    static void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void emptyCache() {
        SharedServices.deleteRedisKeys(fixture.prefix);
        cache = cache(fixture.a, 100);
    }

    @AfterEach
    void nothingLeftBehind() {
        SharedServices.deleteRedisKeys(fixture.prefix);
    }

    @Override
    protected ResponseCacheStore store() {
        return cache;
    }

    /** Real time: short, so the test waits little for Redis to expire it. */
    @Override
    protected Duration shortTtl() {
        return Duration.ofMillis(300);
    }

    @Override
    protected void letExpire(String key, Duration ttl) {
        await("Redis expires " + key).atMost(ttl.plusSeconds(10)).until(() -> !cache.contains(key));
    }

    @Test
    void anEntryStoredByOneInstanceIsAHitOnAnother() {
        RedisResponseCacheStore other = cache(fixture.b, 100);
        cache.put("shared", "{\"a\":1}", new Meta("", "what is revenue", 7), TTL);

        assertThat(other.get("shared")).map(Entry::value).contains("{\"a\":1}");
        assertThat(other.contains("shared")).isTrue();
        assertThat(cache.stats().hits()).as("the counters are shared").isEqualTo(1);
    }

    @Test
    void replacingAnEntryRestartsItsRedisTtl() {
        cache.put("q", "old", meta("q"), TTL);
        time.advance(Duration.ofMinutes(4));
        cache.put("q", "newer", meta("q"), TTL);

        assertThat(fixture.a.sync().pttl(fixture.prefix + "cache:entry:q")).isGreaterThan(Duration.ofMinutes(4).toMillis());
    }

    @Test
    void invalidatingEverythingEmptiesTheIndexToo() {
        RedisResponseCacheStore big = cache(fixture.a, 1000);
        // more than two batches of the invalidation's reads
        IntStream.range(0, 500).forEach(i -> big.put("k" + i, "v", meta("k" + i), TTL));

        assertThat(big.invalidate(e -> true).entries()).isEqualTo(500);
        assertThat(big.stats()).isEqualTo(new Stats(0, 0, 0, 0));
        assertThat(fixture.a.sync().keys(fixture.prefix + "cache:entry:*")).isEmpty();
    }

    @Test
    void theNumberOfEntriesIsBoundedAndTheOldestGoFirst() {
        RedisResponseCacheStore small = cache(fixture.a, 10);
        IntStream.range(0, 200).forEach(i -> {
            time.advance(Duration.ofMillis(1));
            small.put("k" + i, "v", meta("k" + i), TTL);
        });

        assertThat(small.stats().entries()).isEqualTo(10);
        assertThat(small.contains("k199")).isTrue();
        assertThat(small.contains("k189")).isFalse();
        assertThat(fixture.a.sync().keys(fixture.prefix + "cache:entry:*")).hasSize(10);
    }

    @Test
    void scriptsAreReloadedAfterRedisForgetsThem() {
        fixture.a.sync().scriptFlush();
        cache.put("k", "v", meta("k"), TTL);
        assertThat(cache.get("k")).isPresent();
    }

    private RedisResponseCacheStore cache(RedisConnection connection, long maxEntries) {
        return new RedisResponseCacheStore(connection, fixture.outages(), maxEntries, time);
    }
}
