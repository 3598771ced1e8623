package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-process buckets on a clock that moves only when the test says so. */
class InProcessRateLimitStoreTest {

    private static final RateLimitStore.Limit THREE_PER_MINUTE = new RateLimitStore.Limit(3, 3, Duration.ofMinutes(1));

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final InProcessRateLimitStore store = new InProcessRateLimitStore(1000, time, meter(time));

    @Test
    void aBucketGrantsItsCapacityThenRefusesWithTheWaitForTheNextToken() {
        assertThat(store.take("k", THREE_PER_MINUTE)).extracting(RateLimitStore.Probe::taken, RateLimitStore.Probe::remaining)
                .containsExactly(true, 2L);
        assertThat(store.take("k", THREE_PER_MINUTE).remaining()).isEqualTo(1);
        RateLimitStore.Probe last = store.take("k", THREE_PER_MINUTE);
        assertThat(last.taken()).isTrue();
        assertThat(last.remaining()).isZero();
        assertThat(last.nanosToFull()).isEqualTo(Duration.ofMinutes(1).toNanos());

        RateLimitStore.Probe refused = store.take("k", THREE_PER_MINUTE);
        assertThat(refused.taken()).isFalse();
        assertThat(refused.remaining()).isZero();
        // greedy refill: one token every 20 s, not all three at the end of the minute
        assertThat(refused.nanosToNextToken()).isEqualTo(Duration.ofSeconds(20).toNanos());
    }

    @Test
    void tokensComeBackContinuouslyAndNeverBeyondCapacity() {
        for (int i = 0; i < 3; i++) {
            store.take("k", THREE_PER_MINUTE);
        }
        time.advance(Duration.ofSeconds(19));
        assertThat(store.take("k", THREE_PER_MINUTE).taken()).isFalse();
        time.advance(Duration.ofSeconds(1));
        assertThat(store.take("k", THREE_PER_MINUTE)).extracting(RateLimitStore.Probe::taken, RateLimitStore.Probe::remaining)
                .containsExactly(true, 0L);
        time.advance(Duration.ofHours(1));
        assertThat(store.take("k", THREE_PER_MINUTE).remaining()).isEqualTo(2);
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            store.take("a", THREE_PER_MINUTE);
        }
        assertThat(store.take("a", THREE_PER_MINUTE).taken()).isFalse();
        assertThat(store.take("b", THREE_PER_MINUTE)).extracting(RateLimitStore.Probe::taken, RateLimitStore.Probe::remaining)
                .containsExactly(true, 2L);
    }

    @Test
    void aBucketIdleUntilFullIsForgottenAndMemoryStaysBounded() {
        store.take("idle", THREE_PER_MINUTE);
        assertThat(store.size()).isEqualTo(1);
        time.advance(Duration.ofSeconds(61));
        assertThat(store.size()).isZero();

        InProcessRateLimitStore small = new InProcessRateLimitStore(10, time, meter(time));
        for (int i = 0; i < 100; i++) {
            small.take("caller-" + i, THREE_PER_MINUTE);
        }
        assertThat(small.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void aBucketNeedsAPositiveShape() {
        assertThatThrownBy(() -> new RateLimitStore.Limit(0, 1, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitStore.Limit(1, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static TimeMeter meter(ManualTime time) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return time.read();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
    }
}
