package dev.cortexgateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.config.RedisStoreProperties;
import dev.cortexgateway.store.ReplayLogStore;
import dev.cortexgateway.store.ReplayLogStoreContract;
import dev.cortexgateway.testing.DisposableRedis;
import dev.cortexgateway.testing.RequiresRedis;
import dev.cortexgateway.testing.SharedServices;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The replay log contract on the machine's Redis, plus what only Redis does: TTL, leases, outages. */
@RequiresRedis
class RedisReplayLogStoreTest extends ReplayLogStoreContract {

    private static final String PREFIX = SharedServices.newRedisPrefix();
    private static final List<RedisConnection> CONNECTIONS = new ArrayList<>();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ReplayLogStore store;

    @AfterAll
    static void cleanUp() {
        CONNECTIONS.forEach(RedisConnection::destroy);
        SharedServices.deleteRedisKeys(PREFIX);
    }

    @Override
    protected ReplayLogStore store() {
        if (store == null) {
            store = storeKeeping(MAX_EVENTS);
        }
        return store;
    }

    @Override
    protected ReplayLogStore storeKeeping(int maxEvents) {
        return store(SharedServices.REDIS_URL, maxEvents, Duration.ofMinutes(10));
    }

    @Override
    protected String id(String name) {
        return run + "-" + name;
    }

    @Test
    void everyWriteRenewsTheTtl() {
        ReplayLogStore tenMinutes = store(SharedServices.REDIS_URL, MAX_EVENTS, Duration.ofMinutes(10));
        String s1 = id("s1");
        tenMinutes.open(s1, OWNER);
        tenMinutes.append(s1, "token", "{}");
        // time passing, without waiting for it: Redis is told the log has a second left
        List<String> keys = List.of(key(s1, "meta"), key(s1, "events"));
        keys.forEach(key -> assertThat(redis("PEXPIRE", key, "1000")).isEqualTo(":1"));

        tenMinutes.append(s1, "token", "{}");

        keys.forEach(key -> assertThat(Long.parseLong(redis("PTTL", key).substring(1)))
                .as("%s renewed to the full TTL", key).isGreaterThan(Duration.ofMinutes(9).toMillis()));
    }

    @Test
    void aLogExpiresItsTtlAfterTheLastWrite() {
        ReplayLogStore shortLived = store(SharedServices.REDIS_URL, MAX_EVENTS, Duration.ofMillis(500));
        String s1 = id("s1");
        shortLived.open(s1, OWNER);
        shortLived.append(s1, "token", "{}");

        await("the log expires").atMost(Duration.ofSeconds(20)).until(() -> shortLived.readFrom(s1, 0).isEmpty());
        assertThatThrownBy(() -> shortLived.append(s1, "token", "{}")).isInstanceOf(IllegalStateException.class);
        assertThat(shortLived.owner(s1)).isEmpty();
    }

    @Test
    void aReaderLeaseLastsUntilItRunsOut() throws Exception {
        String s1 = id("s1");
        store().open(s1, OWNER);
        assertThat(store().hasReaders(s1)).isFalse();

        store().readerSeen(s1, Duration.ofMillis(800));

        assertThat(store().hasReaders(s1)).isTrue();
        await("the lease runs out").atMost(Duration.ofSeconds(20)).until(() -> !store().hasReaders(s1));
    }

    @Test
    void aStoreOnAnotherConnectionSeesTheSameLog() {
        String s1 = id("s1");
        ReplayLogStore other = storeKeeping(MAX_EVENTS);
        store().open(s1, OWNER);
        store().append(s1, "token", "{\"delta\":\"a\"}");

        assertThat(other.append(s1, "final", "{}")).isEqualTo(2);
        assertThat(other.complete(s1)).isTrue();
        assertThat(store().readFrom(s1, 0).orElseThrow().complete()).isTrue();
        assertThat(store().readFrom(s1, 0).orElseThrow().events()).hasSize(2);
    }

    @Test
    void whileRedisIsDownCallsFailAndAreCounted() throws Exception {
        try (DisposableRedis server = DisposableRedis.start()) {
            ReplayLogStore doomed = store(server.url(), MAX_EVENTS, Duration.ofMinutes(1));
            doomed.open("s1", OWNER);
            server.down();

            assertThatThrownBy(() -> doomed.append("s1", "token", "{}")).isInstanceOf(RedisException.class);
            assertThatThrownBy(() -> doomed.open("s2", OWNER)).isInstanceOf(RedisException.class);
            assertThat(meters.get("gateway.store.unavailable").tag("store", "replay-logs").tag("decision", "deny")
                    .counter().count()).isEqualTo(2);
        }
    }

    private ReplayLogStore store(String url, int maxEvents, Duration ttl) {
        RedisStoreProperties properties = new RedisStoreProperties(url, PREFIX, Duration.ofSeconds(1), Duration.ofSeconds(1),
                new RedisStoreProperties.OnUnavailable(RedisStoreProperties.Policy.ALLOW, RedisStoreProperties.Policy.DENY),
                new RedisStoreProperties.Replay(maxEvents, ttl), new RedisStoreProperties.Cache(100));
        RedisConnection connection = new RedisConnection(properties);
        CONNECTIONS.add(connection);
        return new RedisReplayLogStore(connection, new RedisOutages(meters), properties);
    }

    private static String key(String streamId, String part) {
        return PREFIX + "replay:{" + streamId + "}:" + part;
    }

    private static String redis(String... command) {
        URI uri = URI.create(SharedServices.REDIS_URL);
        return SharedServices.redisCommand(uri.getHost(), uri.getPort(), command);
    }
}
