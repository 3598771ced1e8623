package dev.cortexgateway.store.redis;

import dev.cortexgateway.config.RedisStoreProperties;
import dev.cortexgateway.config.RedisStoreProperties.Policy;
import dev.cortexgateway.testing.SharedServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/** Redis stores built by hand on the machine's Redis (or a disposable one), under a key prefix of the test's own. */
final class RedisStoreFixture {

    final String prefix = SharedServices.newRedisPrefix();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Two connections, as two gateway instances have (set by {@link #twoInstances()}). */
    RedisConnection a;
    RedisConnection b;

    /**
     * The fixture of a store test on the machine's Redis (skipped without it, unless required): two
     * connections under a fresh prefix. {@link #close()} removes the keys and the connections.
     */
    static RedisStoreFixture twoInstances() {
        RedisStoreFixture fixture = new RedisStoreFixture();
        fixture.a = fixture.connect();
        fixture.b = fixture.connect();
        return fixture;
    }

    void close() {
        SharedServices.deleteRedisKeys(prefix);
        a.destroy();
        b.destroy();
    }

    static RedisStoreProperties properties(String url, String prefix, Policy rateLimits, Policy nonces, long maxEntries) {
        return new RedisStoreProperties(url, prefix, Duration.ofMillis(500), Duration.ofMillis(500),
                new RedisStoreProperties.OnUnavailable(rateLimits, nonces),
                new RedisStoreProperties.Replay(10_000, Duration.ofMinutes(10)),
                new RedisStoreProperties.Cache(maxEntries));
    }

    RedisStoreProperties properties(long maxEntries) {
        return properties(SharedServices.REDIS_URL, prefix, Policy.ALLOW, Policy.DENY, maxEntries);
    }

    RedisConnection connect() {
        return new RedisConnection(properties(100));
    }

    RedisOutages outages() {
        return new RedisOutages(meters);
    }

    /** {@code gateway_store_unavailable_total} for one store and decision. */
    double unavailable(String store, Policy decision) {
        var counter = meters.find("gateway.store.unavailable").tag("store", store)
                .tag("decision", decision.name().toLowerCase()).counter();
        return counter == null ? 0 : counter.count();
    }
}
