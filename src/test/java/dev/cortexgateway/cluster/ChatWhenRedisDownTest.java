package dev.cortexgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.chat.SseTestClient;
import dev.cortexgateway.testing.DisposableRedis;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.RequiresPostgres;
import dev.cortexgateway.testing.RequiresRedis;
import dev.cortexgateway.testing.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A gateway on a disposable Redis that goes away during a chat: the stream ends with an error
 * event (no hang), and while Redis is down a new chat or a resume is a plain 503 envelope.
 */
@RequiresPostgres
@RequiresRedis
class ChatWhenRedisDownTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String SCHEMA = SharedServices.newSchema();
    private static DisposableRedis redis;
    private static ConfigurableApplicationContext gateway;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        redis = DisposableRedis.start();
        List<String> args = new ArrayList<>();
        for (String arg : SharedServices.clusterArguments(SCHEMA, "cgtest-down:")) {
            args.add(arg.startsWith("--gateway.stores.redis.url=") ? "--gateway.stores.redis.url=" + redis.url() : arg);
        }
        args.add("--server.port=0");
        args.add("--gateway.stores.redis.command-timeout=500ms");
        gateway = new SpringApplicationBuilder(GatewayApplication.class).profiles("local", "test").run(args.toArray(String[]::new));
        port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (redis != null) {
            redis.close();
        }
        SharedServices.dropSchema(SCHEMA);
    }

    @Test
    void aStreamWhoseLogCannotBeWrittenEndsWithAnErrorAndNewChatsAre503() throws Exception {
        String token = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret").token();
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        SseTestClient sse = new SseTestClient(port);
        SseTestClient.Connection stream = sse.post("/api/v1/chat",
                request(UUID.randomUUID(), "[[sim:slow delayMs=100]] [[sim:long events=300]] What is the travel policy?"), bearer);
        assertThat(stream.status()).isEqualTo(200);
        String streamId = stream.header("X-Stream-Id");
        stream.next(WAIT);
        stream.next(WAIT);

        redis.down();
        List<SseTestClient.Event> rest = stream.rest(WAIT);

        assertThat(rest).isNotEmpty();
        SseTestClient.Event last = rest.get(rest.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.data().path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(rest).extracting(SseTestClient.Event::name).doesNotContain("final");

        SseTestClient.Connection refused = sse.post("/api/v1/chat", request(UUID.randomUUID(), "How many customers are there?"), bearer);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Content-Type")).startsWith("application/json");
        assertThat(refused.header("Retry-After")).isEqualTo("5");
        assertThat(refused.body()).contains("SERVICE_UNAVAILABLE").doesNotContain("127.0.0.1").doesNotContain("Exception");

        SseTestClient.Connection resume = sse.get("/api/v1/chat/streams/" + streamId, bearer);
        assertThat(resume.status()).isEqualTo(503);
        assertThat(resume.body()).contains("SERVICE_UNAVAILABLE");
    }

    private static Map<String, Object> request(UUID session, String question) {
        return Map.of("sessionId", session.toString(), "messages", List.of(Map.of(
                "id", UUID.randomUUID().toString(), "role", "user", "content", question, "timestamp", "2026-11-25T10:00:00Z")));
    }
}
