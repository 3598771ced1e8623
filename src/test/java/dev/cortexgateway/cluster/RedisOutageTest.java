package dev.cortexgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.DisposableRedis;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.RequiresPostgres;
import dev.cortexgateway.testing.RequiresRedisServer;
import dev.cortexgateway.testing.SharedServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Redis going away under two gateways (on a disposable redis-server, never the machine's): the
 * default policies let limited requests through and refuse session tokens with a 503 envelope, the
 * limits' opposite policy refuses limited requests, both count {@code gateway_store_unavailable_total}, detailed
 * health says 200 "degraded" with the Redis stores down, and once Redis is back everything is
 * enforced and the stores up again without a restart.
 */
@RequiresPostgres
@RequiresRedisServer
class RedisOutageTest {

    /** Lettuce retries with a backoff of up to 30 s between attempts; twice that is generous. */
    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private static final int TOOLS_LIMIT = 3;
    private static final List<String> REDIS_STORES = List.of("nonces", "rate-limits", "response-cache", "replay-logs");

    static DisposableRedis redis;
    static String schema;
    static String prefix;
    static ConfigurableApplicationContext defaults;
    static ConfigurableApplicationContext switched;

    @BeforeAll
    static void start() throws Exception {
        redis = DisposableRedis.start();
        schema = SharedServices.newSchema();
        prefix = SharedServices.newRedisPrefix();
        defaults = gateway(prefix + "defaults:");
        switched = gateway(prefix + "switched:", "--gateway.stores.redis.on-unavailable.rate-limits=DENY");
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {switched, defaults}) {
            if (context != null) {
                context.close();
            }
        }
        if (redis != null) {
            redis.close();
            SharedServices.dropSchema(schema);
        }
    }

    @Test
    void anOutageDegradesByPolicyAndTheGatewayRecoversByItself() throws Exception {
        int port = port(defaults);
        int switchedPort = port(switched);
        GatewayClient admin = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
        GatewayClient switchedAdmin = GatewayClient.login(switchedPort, "demo-admin", "demo-admin-test-secret");

        // before: the limit holds, tokens are issued, health is healthy
        assertThat(toolListStatuses(admin, TOOLS_LIMIT + 1)).containsExactly(200, 200, 200, 429);
        assertThat(ClusterHttp.sessionToken(port, UUID.randomUUID().toString()).statusCode()).isEqualTo(200);
        // (the simulator upstream is not at the configured base URL in tests: health is "degraded" already)
        JsonNode before = health(port);
        assertThat(storeStatuses(before)).as(before.toString()).containsOnly("up");
        String usual = before.path("status").asText();
        assertThat(usual).isNotEqualTo("unhealthy");

        redis.down();

        // defaults: limits fail open, nonces fail closed
        assertThat(toolListStatuses(admin, 5)).as("limited requests are served while Redis is down").containsOnly(200);
        HttpResponse<String> refused = ClusterHttp.sessionToken(port, UUID.randomUUID().toString());
        assertThat(refused.statusCode()).isEqualTo(503);
        JsonNode envelope = GatewayClient.JSON.readTree(refused.body());
        assertThat(envelope.path("error").path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(envelope.path("error").path("message").asText()).isEqualTo("The gateway's shared nonces store is unavailable");
        assertThat(envelope.path("error").path("retryable").asBoolean()).isTrue();
        assertThat(refused.headers().firstValue("Retry-After")).contains("5");
        assertThat(refused.body()).doesNotContain("Exception", "127.0.0.1", "redis://");

        HttpResponse<String> healthDown = ClusterHttp.get(port, "/api/v1/health?detailed=true");
        assertThat(healthDown.statusCode()).as("a shared store down must not take every instance out").isEqualTo(200);
        JsonNode degraded = GatewayClient.JSON.readTree(healthDown.body());
        assertThat(degraded.path("status").asText()).isEqualTo("degraded");
        assertThat(storeStatuses(degraded)).containsOnly("down");
        assertThat(ClusterHttp.unavailable(port, "rate-limits", "allow")).isGreaterThanOrEqualTo(5);
        assertThat(ClusterHttp.unavailable(port, "nonces", "deny")).isGreaterThanOrEqualTo(1);

        // the opposite policies, by configuration
        GatewayClient.Answer refusedLimit = switchedAdmin.get("/api/v1/tools");
        assertThat(refusedLimit.status()).as(refusedLimit.body()).isEqualTo(503);
        assertThat(refusedLimit.json().path("error").path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        // the session-token route is limited too: with limits DENY the limiter refuses it before the
        // nonce is looked at (nonces ALLOW is shown on the store in RedisStoreOutagePoliciesTest)
        HttpResponse<String> limitedToken = ClusterHttp.sessionToken(switchedPort, UUID.randomUUID().toString());
        assertThat(limitedToken.statusCode()).isEqualTo(503);
        assertThat(GatewayClient.JSON.readTree(limitedToken.body()).path("error").path("details").path("store").asText())
                .isEqualTo("rate-limits");
        assertThat(ClusterHttp.unavailable(switchedPort, "rate-limits", "deny")).isGreaterThanOrEqualTo(2);
        assertThat(ClusterHttp.unavailable(switchedPort, "rate-limits", "allow")).isZero();

        redis.up();

        // by itself: health, tokens and limits come back (the disposable Redis lost its buckets: full again)
        JsonNode after = pollUntil(() -> health(port), h -> !storeStatuses(h).contains("down"));
        assertThat(storeStatuses(after)).as(after.toString()).containsOnly("up");
        assertThat(after.path("status").asText()).isEqualTo(usual);
        assertThat(pollUntil(() -> ClusterHttp.sessionToken(port, UUID.randomUUID().toString()).statusCode(), s -> s == 200))
                .isEqualTo(200);
        String nonce = UUID.randomUUID().toString();
        assertThat(ClusterHttp.sessionToken(port, nonce).statusCode()).isEqualTo(200);
        assertThat(ClusterHttp.sessionToken(port, nonce).statusCode()).as("replays are refused again").isEqualTo(401);
        assertThat(toolListStatuses(admin, TOOLS_LIMIT + 1)).containsExactly(200, 200, 200, 429);
        assertThat(pollUntil(() -> switchedAdmin.get("/api/v1/tools").status(), s -> s == 200)).isEqualTo(200);
    }

    private static List<Integer> toolListStatuses(GatewayClient client, int calls) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            statuses.add(client.get("/api/v1/tools").status());
        }
        return statuses;
    }

    /** The statuses of the Redis stores in a detailed health report. */
    private static List<String> storeStatuses(JsonNode health) {
        List<String> statuses = new ArrayList<>();
        for (String store : REDIS_STORES) {
            JsonNode report = health.path("components").path("stores").path(store);
            assertThat(report.path("backend").asText()).as(store).isEqualTo("redis");
            statuses.add(report.path("status").asText());
        }
        return statuses;
    }

    private static JsonNode health(int port) throws Exception {
        return GatewayClient.JSON.readTree(ClusterHttp.get(port, "/api/v1/health?detailed=true").body());
    }

    /** The first answer that is {@code done}; after {@link #RECOVERY}, the last one, for the caller's assertion to show. */
    private static <T> T pollUntil(Callable<T> call, Predicate<T> done) throws Exception {
        try {
            return await().atMost(RECOVERY).until(call, done);
        } catch (ConditionTimeoutException notRecovered) {
            return call.call();
        }
    }

    private static ConfigurableApplicationContext gateway(String keyPrefix, String... extra) {
        List<String> args = new ArrayList<>(SharedServices.clusterArguments(schema, keyPrefix));
        // a command-line property given twice is read as a list: replace the URL instead of repeating it
        args.removeIf(arg -> arg.startsWith("--gateway.stores.redis.url="));
        args.add("--gateway.stores.redis.url=" + redis.url());
        args.add("--server.port=0");
        // a busy CI machine can take longer than the defaults to answer the first handshake; an outage is
        // still seen at once (commands are rejected while disconnected, not timed out)
        args.add("--gateway.stores.redis.connect-timeout=10s");
        args.add("--gateway.stores.redis.command-timeout=5s");
        args.add("--gateway.rate-limits.groups.tools.capacity=" + TOOLS_LIMIT);
        args.add("--gateway.rate-limits.groups.tools.refill-tokens=" + TOOLS_LIMIT);
        args.add("--gateway.rate-limits.groups.tools.refill-period=1h");
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(GatewayApplication.class).profiles("local", "test").run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
