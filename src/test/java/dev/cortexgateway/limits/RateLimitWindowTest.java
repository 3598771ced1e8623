package dev.cortexgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.store.RateLimitStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** X-RateLimit-Window: the seconds an empty bucket takes to fill, rounded up. */
class RateLimitWindowTest {

    @Test
    void aBucketRefilledWholeEachPeriodHasThePeriodAsWindow() {
        assertThat(RateLimits.windowSeconds(new RateLimitStore.Limit(60, 60, Duration.ofMinutes(1)))).isEqualTo(60);
        assertThat(RateLimits.windowSeconds(new RateLimitStore.Limit(1_000_000, 1_000_000, Duration.ofSeconds(1)))).isEqualTo(1);
    }

    @Test
    void aBucketLargerThanItsRefillTakesSeveralPeriodsAndPartsRoundUp() {
        // 100 tokens, 10 back every 6 s: 60 s from empty to full
        assertThat(RateLimits.windowSeconds(new RateLimitStore.Limit(100, 10, Duration.ofSeconds(6)))).isEqualTo(60);
        // 3 tokens, 2 back every 4 s: 6 s; 5 tokens, 3 back every second: 1.67 s -> 2
        assertThat(RateLimits.windowSeconds(new RateLimitStore.Limit(3, 2, Duration.ofSeconds(4)))).isEqualTo(6);
        assertThat(RateLimits.windowSeconds(new RateLimitStore.Limit(5, 3, Duration.ofSeconds(1)))).isEqualTo(2);
    }
}
