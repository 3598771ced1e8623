package dev.cortexgateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.InvalidSettingException;
import dev.cortexgateway.config.InvalidSettingFailureAnalyzer;
import dev.cortexgateway.config.RedisStoreProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The cluster profile does not start without its Redis: an unreachable server or a malformed URL
 * stops start-up with one message naming the setting, and a password in the URL never appears in it.
 * Needs no Redis (the port is closed on purpose).
 */
class RedisConnectionSettingsTest {

    @Test
    void anUnreachableRedisStopsStartUpNamingTheSettingButNotThePassword() throws IOException {
        int closedPort = closedPort();
        String url = "redis://:s3cret-pass@127.0.0.1:" + closedPort;

        assertThatThrownBy(() -> new RedisConnection(properties(url)))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.setting()).isEqualTo("gateway.stores.redis.url");
                    String description = new InvalidSettingFailureAnalyzer().analyze(e).getDescription();
                    assertThat(description).contains("Redis does not answer at 127.0.0.1:" + closedPort)
                            .doesNotContain("s3cret-pass");
                    assertThat(e.action()).contains("GATEWAY_REDIS_URL").doesNotContain("s3cret-pass");
                });
    }

    @Test
    void aMalformedUrlStopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> new RedisConnection(properties("http://not-redis:6379")))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("gateway.stores.redis.url: is not a Redis URL");
                    assertThat(e.action()).contains("redis://host:6379/0");
                });
    }

    private static RedisStoreProperties properties(String url) {
        return new RedisStoreProperties(url, "cgtest:", Duration.ofSeconds(1), Duration.ofSeconds(1),
                new RedisStoreProperties.OnUnavailable(RedisStoreProperties.Policy.ALLOW, RedisStoreProperties.Policy.DENY),
                new RedisStoreProperties.Replay(100, Duration.ofMinutes(1)), new RedisStoreProperties.Cache(100));
    }

    /** A port nothing listens on: bound a moment ago by this JVM and released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
