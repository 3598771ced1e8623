package dev.cortexgateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.RedisStoreProperties;
import dev.cortexgateway.store.ReplayLogStore;
import dev.cortexgateway.store.ReplayLogStoreContract;
import dev.cortexgateway.testing.RequiresRedis;
import dev.cortexgateway.testing.SharedServices;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
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
    void aLogExpiresItsTtlAfterTheLastWrite() throws Exception {
        ReplayLogStore shortLived = store(SharedServices.REDIS_URL, MAX_EVENTS, Duration.ofMillis(1500));
        String s1 = id("s1");
        shortLived.open(s1, OWNER);
        for (int i = 0; i < 4; i++) {
            Thread.sleep(500);
            shortLived.append(s1, "token", "{}");
        }
        // 2 s after opening, alive thanks to the appends
        assertThat(shortLived.readFrom(s1, 0)).isPresent();

        assertThat(eventually(() -> shortLived.readFrom(s1, 0).isEmpty())).isTrue();
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
        assertThat(eventually(() -> !store().hasReaders(s1))).isTrue();
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
        int port = freePort();
        Process server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--save", "",
                "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(eventually(() -> "+PONG".equals(SharedServices.redisCommand("127.0.0.1", port, "PING")))).isTrue();
            ReplayLogStore doomed = store("redis://127.0.0.1:" + port, MAX_EVENTS, Duration.ofMinutes(1));
            doomed.open("s1", OWNER);
            server.destroy();
            server.waitFor();

            assertThatThrownBy(() -> doomed.append("s1", "token", "{}")).isInstanceOf(RedisException.class);
            assertThatThrownBy(() -> doomed.open("s2", OWNER)).isInstanceOf(RedisException.class);
            assertThat(meters.get("gateway.store.unavailable").tag("store", "replay-logs").tag("decision", "deny")
                    .counter().count()).isEqualTo(2);
        } finally {
            server.destroyForcibly();
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

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
