package dev.cortexgateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.testing.RequiresRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared nonce set on the machine's Redis: two connections stand for two instances. */
@RequiresRedis
class RedisNonceStoreTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    static RedisStoreFixture fixture;
    static RedisNonceStore onA;
    static RedisNonceStore onB;

    @BeforeAll
    static void connect() {
        fixture = RedisStoreFixture.twoInstances();
        onA = new RedisNonceStore(fixture.a, fixture.outages(), fixture.properties(100));
        onB = new RedisNonceStore(fixture.b, fixture.outages(), fixture.properties(100));
    }

    @AfterAll
    static void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aNonceIsNewOnceAndAReplayOnAnyInstance() {
        assertThat(onA.markIfNew("demo-web", "n-1", TTL)).isTrue();
        assertThat(onA.markIfNew("demo-web", "n-1", TTL)).isFalse();
        assertThat(onB.markIfNew("demo-web", "n-1", TTL)).as("the other instance sees the same set").isFalse();
    }

    @Test
    void eachClientHasItsOwnNonces() {
        assertThat(onA.markIfNew("client-a", "shared", TTL)).isTrue();
        assertThat(onB.markIfNew("client-b", "shared", TTL)).isTrue();
    }

    @Test
    void aNonceIsForgottenAfterItsTtl() {
        assertThat(onA.markIfNew("demo-web", "short", Duration.ofMillis(200))).isTrue();
        assertThat(onB.markIfNew("demo-web", "short", Duration.ofMillis(200))).isFalse();
        await("new again once Redis expired it").atMost(Duration.ofSeconds(10))
                .until(() -> onB.markIfNew("demo-web", "short", Duration.ofMillis(200)));
    }

    @Test
    void longAndOddNoncesAreKeyedByTheirHash() {
        String odd = "x".repeat(5000) + " :*?\n\u00e9";
        assertThat(onA.markIfNew("demo-web", odd, TTL)).isTrue();
        assertThat(onB.markIfNew("demo-web", odd, TTL)).isFalse();
        assertThat(onA.markIfNew("demo-web", odd + "!", TTL)).isTrue();
        assertThat(fixture.a.sync().keys(fixture.prefix + "nonce:demo-web:*"))
                .allSatisfy(key -> assertThat(key.length()).isLessThan(100));
    }

    @Test
    void aTtlMustBePositive() {
        assertThatThrownBy(() -> onA.markIfNew("demo-web", "n", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pingAsksRedisAndTheStoreIsNotCritical() {
        onA.ping();
        assertThat(onA.critical()).isFalse();
        assertThat(onA.backend()).isEqualTo("redis");
    }
}
