package dev.cortexgateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.config.RedisStoreProperties;
import dev.cortexgateway.config.RedisStoreProperties.Policy;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.store.RateLimitStore;
import dev.cortexgateway.store.RateLimitStore.Probe;
import dev.cortexgateway.store.ResponseCacheStore.Meta;
import dev.cortexgateway.testing.DisposableRedis;
import dev.cortexgateway.testing.RequiresRedisServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each Redis store's outage policy, both ways, on a disposable redis-server the test stops and starts
 * again: what the store answers while Redis is down, what it counts, and that it works again by itself.
 */
@RequiresRedisServer
class RedisStoreOutagePoliciesTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private static final RateLimitStore.Limit TEN_PER_MINUTE = new RateLimitStore.Limit(10, 10, Duration.ofMinutes(1));

    static DisposableRedis redis;
    static RedisStoreFixture fixture;
    static RedisConnection connection;

    @BeforeAll
    static void start() throws Exception {
        redis = DisposableRedis.start();
        fixture = new RedisStoreFixture();
        connection = new RedisConnection(properties(Policy.ALLOW, Policy.DENY));
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) {
            connection.destroy();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void whileRedisIsDownEachStoreAppliesItsPolicyAndRecoversByItself() throws Exception {
        RedisOutages outages = fixture.outages();
        RedisNonceStore noncesDeny = new RedisNonceStore(connection, outages, properties(Policy.ALLOW, Policy.DENY));
        RedisNonceStore noncesAllow = new RedisNonceStore(connection, outages, properties(Policy.ALLOW, Policy.ALLOW));
        RedisRateLimitStore limitsAllow = new RedisRateLimitStore(connection, outages, properties(Policy.ALLOW, Policy.DENY));
        RedisRateLimitStore limitsDeny = new RedisRateLimitStore(connection, outages, properties(Policy.DENY, Policy.DENY));
        RedisResponseCacheStore cache = new RedisResponseCacheStore(connection, outages, 100, Clock.systemUTC());
        assertThat(noncesDeny.markIfNew("web", "spent", TTL)).isTrue();
        cache.put("k", "v", new Meta("", "k", 1), TTL);

        redis.down();

        assertThatThrownBy(noncesDeny::ping).as("health sees it").isInstanceOf(RuntimeException.class);
        assertUnavailable(() -> noncesDeny.markIfNew("web", "fresh", TTL), "nonces");
        assertThat(noncesAllow.markIfNew("web", "spent", TTL)).as("ALLOW cannot tell a replay: treats it as new").isTrue();
        assertThat(limitsAllow.take("k", TEN_PER_MINUTE)).as("let through as a fresh bucket would")
                .isEqualTo(new Probe(true, 9, 0, 0));
        assertUnavailable(() -> limitsDeny.take("k", TEN_PER_MINUTE), "rate-limits");
        assertThat(cache.get("k")).as("a lookup is a miss").isEmpty();
        assertThat(cache.contains("k")).isFalse();
        cache.put("k2", "v", new Meta("", "k2", 1), TTL);
        assertUnavailable(cache::stats, "response-cache");
        assertUnavailable(() -> cache.invalidate(e -> true), "response-cache");

        assertThat(fixture.unavailable("nonces", Policy.DENY)).isEqualTo(1);
        assertThat(fixture.unavailable("nonces", Policy.ALLOW)).isEqualTo(1);
        assertThat(fixture.unavailable("rate-limits", Policy.ALLOW)).isEqualTo(1);
        assertThat(fixture.unavailable("rate-limits", Policy.DENY)).isEqualTo(1);
        assertThat(fixture.unavailable("response-cache", Policy.ALLOW)).isEqualTo(3);
        assertThat(fixture.unavailable("response-cache", Policy.DENY)).isEqualTo(2);

        redis.up();

        await("Lettuce reconnects by itself").atMost(RECOVERY).ignoreExceptions().untilAsserted(noncesDeny::ping);
        assertThat(noncesDeny.markIfNew("web", "after", TTL)).isTrue();
        assertThat(noncesDeny.markIfNew("web", "after", TTL)).isFalse();
        assertThat(limitsDeny.take("k", TEN_PER_MINUTE)).extracting(Probe::taken, Probe::remaining).containsExactly(true, 9L);
        assertThat(limitsDeny.take("k", TEN_PER_MINUTE).remaining()).isEqualTo(8);
        cache.put("k", "v", new Meta("", "k", 1), TTL);
        assertThat(cache.get("k")).isPresent();
        assertThat(cache.stats().entries()).isEqualTo(1);
    }

    private static void assertUnavailable(Runnable call, String store) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
            assertThat(e.details()).containsEntry("store", store).containsKey("retryAfterSeconds");
        });
    }

    private static RedisStoreProperties properties(Policy rateLimits, Policy nonces) {
        return RedisStoreFixture.properties(redis.url(), fixture.prefix, rateLimits, nonces, 100);
    }
}
