package dev.cortexgateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.events.GatewayEvents;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.SeedExamples;
import dev.cortexgateway.ws.WsTestClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The FACT API's WebSocket session as its specification writes it, against the real gateway: the
 * {@code auth} message with a {@code Bearer }-prefixed token, {@code subscribe} to
 * {@code query_updates} naming a {@code user_id}, then a real {@code POST /api/v1/query} for that user
 * and the real cache hit rate check (every 200 ms here, threshold 80 %): every key path of the
 * specification's {@code query_progress} and {@code system_event} examples
 * (src/test/resources/seed-examples) is in the messages the gateway sends.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "gateway.ws.system-events.enabled=true",
                "gateway.ws.system-events.interval=200ms",
                "gateway.ws.system-events.cache-hit-rate-threshold=0.8",
                "gateway.ws.system-events.min-lookups=1"})
@ActiveProfiles({"local", "test"})
class FactWebSocketShapesTest {

    private static final String USER = "user@example.com";

    @LocalServerPort
    int port;

    @Test
    void aQuerysProgressAndALowCacheHitRateArriveInTheSpecificationsShapes() throws Exception {
        GatewayClient admin = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
        try (WsTestClient socket = WsTestClient.connect(port)) {
            socket.send(Map.of("type", "auth", "token", "Bearer " + admin.token()));
            assertThat(socket.next("authenticated").path("client_id").asText()).isEqualTo("demo-admin");
            socket.send(Map.of("type", "subscribe", "channel", GatewayEvents.QUERY_UPDATES, "user_id", USER));
            JsonNode subscribed = socket.next("subscribed");
            assertThat(subscribed.path("channel").asText()).isEqualTo(GatewayEvents.QUERY_UPDATES);
            assertThat(subscribed.path("user_id").asText()).isEqualTo(USER);
            socket.subscribe(GatewayEvents.SYSTEM_EVENTS);

            // a question no one asked: a cache miss, the only lookup of the interval, 0 % < 80 %
            GatewayClient.Answer answer = admin.post("/api/v1/query",
                    Map.of("query", "What is the travel policy? " + UUID.randomUUID(), "user_id", USER));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            String queryId = answer.json().path("query_id").asText();

            List<JsonNode> progress = new ArrayList<>();
            JsonNode systemEvent = null;
            while (systemEvent == null || !completed(progress)) {
                JsonNode message = socket.next();
                switch (message.path("type").asText()) {
                    case "query_progress" -> progress.add(message);
                    case "system_event" -> systemEvent = message;
                    default -> throw new AssertionError("unexpected message " + message);
                }
            }

            JsonNode seedProgress = seedExample("ws-query-progress.json");
            assertThat(progress).extracting(m -> m.path("query_id").asText()).containsOnly(queryId);
            assertThat(progress).extracting(m -> m.at("/progress/current_step").asInt()).containsExactly(1, 2, 3, 4);
            assertThat(progress).allSatisfy(message -> assertHoldsEveryPath(seedProgress, message));
            JsonNode running = progress.get(1);
            assertThat(running.path("status").asText()).isEqualTo("running");
            assertThat(running.at("/progress/total_steps").asInt()).isEqualTo(4);
            assertThat(running.at("/progress/completion_percent").asInt()).isEqualTo(33);
            assertThat(running.at("/progress/current_operation").asText()).isEqualTo("Executing a Cortex agent run");

            JsonNode seedEvent = seedExample("ws-system-event.json");
            assertHoldsEveryPath(seedEvent, systemEvent);
            assertThat(systemEvent.path("event").asText()).isEqualTo("cache_hit_rate_low");
            assertThat(systemEvent.at("/data/current_rate").doubleValue()).isEqualTo(0.0);
            assertThat(systemEvent.at("/data/threshold").doubleValue()).isEqualTo(80.0);
            assertThat(systemEvent.at("/data/recommendation").asText())
                    .isEqualTo("Consider cache warming for common queries (POST /api/v1/cache/warm)");
            assertThat(systemEvent.at("/data/lookups").asLong()).isEqualTo(1);
        }
    }

    private static boolean completed(List<JsonNode> progress) {
        return !progress.isEmpty() && "completed".equals(progress.get(progress.size() - 1).path("status").asText());
    }

    private static void assertHoldsEveryPath(JsonNode seed, JsonNode message) {
        Set<String> missing = new TreeSet<>(SeedExamples.keyPaths(seed, Set.of()));
        missing.removeAll(SeedExamples.keyPaths(message, Set.of()));
        assertThat(missing).as("key paths of the specification's %s missing from %s", seed.path("type").asText(), message)
                .isEmpty();
    }

    private static JsonNode seedExample(String name) throws IOException {
        try (InputStream in = FactWebSocketShapesTest.class.getResourceAsStream("/seed-examples/" + name)) {
            return GatewayClient.JSON.readTree(in);
        }
    }
}
