package dev.cortexgateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.store.ManualTime;
import dev.cortexgateway.store.RateLimitStore;
import dev.cortexgateway.store.RateLimitStore.Probe;
import dev.cortexgateway.testing.RequiresRedis;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared buckets on the machine's Redis give the same answers as the in-process ones (on a wall
 * clock that moves only when the test says so), and stay exact when two instances take from one bucket at once.
 */
@RequiresRedis
class RedisRateLimitStoreTest {

    private static final RateLimitStore.Limit THREE_PER_MINUTE = new RateLimitStore.Limit(3, 3, Duration.ofMinutes(1));

    static RedisStoreFixture fixture;

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private RedisRateLimitStore store;
    private String key;

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
    void freshKey() {
        store = new RedisRateLimitStore(fixture.a, fixture.outages(), fixture.properties(100), meter(time));
        key = "group|CLIENT|" + UUID.randomUUID();
    }

    @Test
    void aBucketGrantsItsCapacityThenRefusesWithTheWaitForTheNextToken() {
        assertThat(store.take(key, THREE_PER_MINUTE)).isEqualTo(new Probe(true, 2, 0, Duration.ofSeconds(20).toNanos()));
        assertThat(store.take(key, THREE_PER_MINUTE).remaining()).isEqualTo(1);
        Probe last = store.take(key, THREE_PER_MINUTE);
        assertThat(last.taken()).isTrue();
        assertThat(last.remaining()).isZero();
        assertThat(last.nanosToFull()).isEqualTo(Duration.ofMinutes(1).toNanos());

        Probe refused = store.take(key, THREE_PER_MINUTE);
        assertThat(refused.taken()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.nanosToNextToken()).isEqualTo(Duration.ofSeconds(20).toNanos());
    }

    @Test
    void tokensComeBackContinuouslyAndNeverBeyondCapacity() {
        for (int i = 0; i < 3; i++) {
            store.take(key, THREE_PER_MINUTE);
        }
        time.advance(Duration.ofSeconds(19));
        assertThat(store.take(key, THREE_PER_MINUTE).taken()).isFalse();
        time.advance(Duration.ofSeconds(1));
        assertThat(store.take(key, THREE_PER_MINUTE)).extracting(Probe::taken, Probe::remaining).containsExactly(true, 0L);
        time.advance(Duration.ofHours(1));
        assertThat(store.take(key, THREE_PER_MINUTE).remaining()).isEqualTo(2);
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            store.take(key, THREE_PER_MINUTE);
        }
        assertThat(store.take(key, THREE_PER_MINUTE).taken()).isFalse();
        assertThat(store.take(key + "-other", THREE_PER_MINUTE)).extracting(Probe::taken, Probe::remaining)
                .containsExactly(true, 2L);
    }

    @Test
    void anIdleBucketExpiresInRedisOnceItWouldBeFull() {
        store.take(key, THREE_PER_MINUTE);
        List<String> keys = fixture.a.sync().keys(fixture.prefix + "limit:*" + key.substring(key.lastIndexOf('|') + 1));
        assertThat(keys).hasSize(1);
        long ttlMs = fixture.a.sync().pttl(keys.get(0));
        // 20 s to refill the one token taken, plus the 10 s margin for clock skew
        assertThat(ttlMs).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(31).toMillis());
    }

    @Test
    void aChangedLimitStartsAFreshBucket() {
        for (int i = 0; i < 3; i++) {
            store.take(key, THREE_PER_MINUTE);
        }
        RateLimitStore.Limit five = new RateLimitStore.Limit(5, 5, Duration.ofMinutes(1));
        assertThat(store.take(key, five).remaining()).isEqualTo(4);
    }

    @Test
    void twoInstancesTakingAtOnceNeverGrantMoreThanTheCapacity() throws Exception {
        RateLimitStore.Limit hundredPerHour = new RateLimitStore.Limit(100, 1, Duration.ofHours(1));
        RedisRateLimitStore onA = new RedisRateLimitStore(fixture.a, fixture.outages(), fixture.properties(100), TimeMeter.SYSTEM_MILLISECONDS);
        RedisRateLimitStore onB = new RedisRateLimitStore(fixture.b, fixture.outages(), fixture.properties(100), TimeMeter.SYSTEM_MILLISECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> takes = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                RedisRateLimitStore on = i % 2 == 0 ? onA : onB;
                takes.add(() -> on.take(key, hundredPerHour).taken());
            }
            int granted = 0;
            for (Future<Boolean> taken : pool.invokeAll(takes)) {
                granted += taken.get() ? 1 : 0;
            }
            // one token per hour refills: at most one more while the test runs
            assertThat(granted).isBetween(100, 101);
        } finally {
            pool.shutdownNow();
        }
    }

    private static TimeMeter meter(ManualTime time) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = time.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }
}
