package dev.cortexgateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.events.GatewayEvents;
import dev.cortexgateway.events.SystemEventChecks;
import dev.cortexgateway.store.ResponseCacheStore;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.upstream.UpstreamBreakers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * {@code /api/v1/ws} over real connections on a random port: auth first, subscriptions and their
 * scopes, job progress of a real async tool execution, query progress published through the real
 * {@link GatewayEvents}, owner isolation, system events, the feature flag, and a client that never
 * reads being dropped with its queue never past the bound.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "gateway.ws.auth-timeout=2s",
                "gateway.ws.heartbeat-interval=500ms",
                "gateway.ws.max-queued-messages=16",
                "gateway.ws.max-connections-per-client=3",
                "gateway.ws.system-events.enabled=false"})
@ActiveProfiles({"local", "test"})
class WebSocketHttpTest {

    private static final int BOUND = 16;

    @LocalServerPort
    int port;

    @Autowired
    GatewayEvents events;

    @Autowired
    WsConnections connections;

    @Autowired
    SystemEventChecks systemEvents;

    @Autowired
    ResponseCacheStore cache;

    @Autowired
    UpstreamBreakers breakers;

    private final List<WsTestClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() throws Exception {
        clients.forEach(WsTestClient::close);
        await("connections closed").atMost(Duration.ofSeconds(5)).until(() -> connections.openConnections() == 0);
        assertThat(connections.openConnections()).as("connections left open by the test").isZero();
    }

    @Test
    void withoutAnAuthMessageTheSocketIsClosedWith1008AfterTheTimeout() throws Exception {
        WsTestClient client = connect();
        WsTestClient.Closed closed = client.awaitClose();
        assertThat(closed.code()).isEqualTo(1008);
        assertThat(closed.reason()).isEqualTo("auth timeout");
    }

    @Test
    void aBadTokenAnotherFirstMessageOrATokenWithoutAnyLiveScopeIsClosedWith1008() throws Exception {
        String forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        WsTestClient bad = connect();
        bad.send(Map.of("type", "auth", "token", forged));
        WsTestClient.Closed closed = bad.awaitClose();
        assertThat(closed.code()).isEqualTo(1008);
        assertThat(closed.reason()).isEqualTo("invalid token").doesNotContain(forged);

        WsTestClient early = connect();
        early.send(Map.of("type", "subscribe", "channel", GatewayEvents.JOB_UPDATES));
        assertThat(early.awaitClose()).isEqualTo(new WsTestClient.Closed(1008, "auth required"));

        WsTestClient garbage = connect();
        garbage.send("not json");
        assertThat(garbage.awaitClose()).isEqualTo(new WsTestClient.Closed(1008, "auth required"));

        String chatToken = accessToken("test-chat-service", "chat-service-test-secret");
        WsTestClient chatOnly = connect();
        chatOnly.send(Map.of("type", "auth", "token", chatToken));
        assertThat(chatOnly.awaitClose()).isEqualTo(new WsTestClient.Closed(1008, "token lacks a scope for live updates"));
    }

    @Test
    void subscriptionsNeedTheirScopeAndBadRequestsAreAnsweredWithoutClosing() throws Exception {
        String clientToken = accessToken("test-tools-service", "tools-service-test-secret");
        WsTestClient client = connect();
        JsonNode authenticated = client.auth(clientToken);
        assertThat(authenticated.path("client_id").asText()).isEqualTo("test-tools-service");

        client.send(Map.of("type", "subscribe", "channel", GatewayEvents.QUERY_UPDATES));
        JsonNode forbidden = client.next("error");
        assertThat(forbidden.path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(forbidden.path("message").asText()).contains("'query'");

        client.send(Map.of("type", "subscribe", "channel", GatewayEvents.SYSTEM_EVENTS));
        assertThat(client.next("error").path("code").asText()).isEqualTo("FORBIDDEN");
        client.send(Map.of("type", "subscribe", "channel", "everything"));
        assertThat(client.next("error").path("code").asText()).isEqualTo("INVALID_REQUEST");
        client.send("{not json");
        assertThat(client.next("error").path("code").asText()).isEqualTo("INVALID_REQUEST");
        client.send(Map.of("type", "shout"));
        assertThat(client.next("error").path("code").asText()).isEqualTo("INVALID_REQUEST");
        client.send(Map.of("type", "ping"));
        client.next("pong");

        assertThat(client.subscribe(GatewayEvents.JOB_UPDATES).path("channel").asText()).isEqualTo(GatewayEvents.JOB_UPDATES);
        client.send(Map.of("type", "unsubscribe", "channel", GatewayEvents.JOB_UPDATES));
        assertThat(client.next("unsubscribed").path("channel").asText()).isEqualTo(GatewayEvents.JOB_UPDATES);
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void anAsyncToolExecutionsProgressReachesItsOwnerAndNoOneElse() throws Exception {
        String ownerToken = accessToken("test-tools-service", "tools-service-test-secret");
        WsTestClient owner = connect();
        owner.auth(ownerToken);
        owner.subscribe(GatewayEvents.JOB_UPDATES);
        String otherToken = accessToken("test-other-tools-service", "other-tools-service-test-secret");
        WsTestClient other = connect();
        other.auth(otherToken);
        other.subscribe(GatewayEvents.JOB_UPDATES);

        GatewayClient http = GatewayClient.login(port, "test-tools-service", "tools-service-test-secret");
        ObjectNode body = GatewayClient.JSON.createObjectNode();
        body.putObject("arguments").put("sql", "SELECT COUNT(*) AS n FROM orders").put("sessionId", UUID.randomUUID().toString());
        body.putObject("execution_options").put("async", true);
        GatewayClient.Answer accepted = http.post("/api/v1/tools/sql_exec/execute", body);
        assertThat(accepted.status()).as("async: accepted, not run inline; " + accepted.body()).isEqualTo(202);
        String jobId = accepted.json().path("jobId").asText();

        List<JsonNode> progress = owner.until(m -> "succeeded".equals(m.path("status").asText()));
        List<String> statuses = progress.stream().filter(m -> "job_progress".equals(m.path("type").asText()))
                .peek(m -> {
                    assertThat(m.path("channel").asText()).isEqualTo(GatewayEvents.JOB_UPDATES);
                    assertThat(m.path("job_id").asText()).isEqualTo(jobId);
                    assertThat(m.path("kind").asText()).isEqualTo("tool:sql_exec");
                    assertThat(m.path("timestamp").asText()).isNotEmpty();
                })
                .map(m -> m.path("status").asText()).toList();
        assertThat(statuses).containsExactly("queued", "running", "succeeded");

        // everything published for the job was queued before this pong: the other client got none of it
        assertThat(other.drainWithPing()).noneMatch(m -> "job_progress".equals(m.path("type").asText()));
    }

    @Test
    void queryProgressPublishedThroughGatewayEventsArrivesInOrderAtItsOwnerOnly() throws Exception {
        String webToken = sessionToken("demo-web");
        WsTestClient web = connect();
        // events belong to the end user the session token names, not to the client as a whole
        String owner = "demo-web/" + web.auth(webToken).path("subject").asText();
        web.subscribe(GatewayEvents.QUERY_UPDATES);
        web.send(Map.of("type", "subscribe", "channel", GatewayEvents.SYSTEM_EVENTS));
        assertThat(web.next("error").path("code").asText()).isEqualTo("FORBIDDEN");

        String queryId = UUID.randomUUID().toString();
        String[] steps = {"cache_lookup", "agent_run", "answer"};
        for (int i = 0; i < steps.length; i++) {
            events.publish(GatewayEvents.QUERY_UPDATES, "query_progress", "someone-else",
                    queryProgress(UUID.randomUUID().toString(), i + 1, steps[i]));
            events.publish(GatewayEvents.QUERY_UPDATES, "query_progress", "demo-web",
                    queryProgress(UUID.randomUUID().toString(), i + 1, steps[i]));
            events.publish(GatewayEvents.QUERY_UPDATES, "query_progress", owner, queryProgress(queryId, i + 1, steps[i]));
        }

        List<JsonNode> received = web.drainWithPing().stream()
                .filter(m -> "query_progress".equals(m.path("type").asText())).toList();
        assertThat(received).extracting(m -> m.path("query_id").asText()).containsOnly(queryId);
        assertThat(received).extracting(m -> m.at("/progress/current_step").asInt()).containsExactly(1, 2, 3);
        assertThat(received.get(2).at("/progress/completion_percent").asInt()).isEqualTo(100);
        assertThat(received.get(0).path("channel").asText()).isEqualTo(GatewayEvents.QUERY_UPDATES);
    }

    @Test
    void aRealQuerysProgressReachesItsOwnerStepByStep() throws Exception {
        String webToken = sessionToken("demo-web");
        WsTestClient web = connect();
        web.auth(webToken);
        web.subscribe(GatewayEvents.QUERY_UPDATES);

        // a question no earlier test asked: a cache miss, so every step runs
        JsonNode answer = post("/api/v1/query", Map.of("query", "What is the travel policy? " + UUID.randomUUID()),
                Map.of("Authorization", "Bearer " + webToken));
        String queryId = answer.path("query_id").asText();

        List<JsonNode> progress = web.until(m -> "completed".equals(m.path("status").asText())).stream()
                .filter(m -> "query_progress".equals(m.path("type").asText())).toList();
        assertThat(progress).extracting(m -> m.path("query_id").asText()).containsOnly(queryId);
        assertThat(progress).extracting(m -> m.at("/progress/step").asText())
                .containsExactly("cache_lookup", "upstream", "mapping", "done");
        assertThat(progress).extracting(m -> m.at("/progress/current_operation").asText()).containsExactly(
                "Looking up the answer cache", "Executing a Cortex agent run", "Mapping the agent's answer", "Answer ready");
        assertThat(progress.get(progress.size() - 1).at("/progress/completion_percent").asInt()).isEqualTo(100);
    }

    @Test
    void adminsGetSystemEventsOnTransitionsOnly() throws Exception {
        String adminToken = accessToken("demo-admin", "demo-admin-test-secret");
        WsTestClient admin = connect();
        admin.auth(adminToken);
        admin.subscribe(GatewayEvents.SYSTEM_EVENTS);

        systemEvents.checkCache(); // starts a fresh interval
        for (int i = 0; i < 25; i++) {
            cache.get("ws-test-miss-" + i);
        }
        systemEvents.checkCache();
        JsonNode low = admin.next(SystemEventChecks.TYPE);
        assertThat(low.path("channel").asText()).isEqualTo(GatewayEvents.SYSTEM_EVENTS);
        assertThat(low.path("event").asText()).isEqualTo("cache_hit_rate_low");
        assertThat(low.at("/data/current_rate").asDouble()).isZero();
        assertThat(low.at("/data/threshold").asDouble()).isEqualTo(50.0);
        assertThat(low.at("/data/recommendation").asText())
                .isEqualTo("Consider cache warming for common queries (POST /api/v1/cache/warm)");
        assertThat(low.at("/data/lookups").asLong()).isEqualTo(25);

        for (int i = 0; i < 25; i++) {
            cache.get("ws-test-miss-again-" + i);
        }
        systemEvents.checkCache(); // still low: no news
        try {
            breakers.breaker("http").transitionToOpenState();
            JsonNode open = admin.next(SystemEventChecks.TYPE);
            assertThat(open.path("event").asText()).isEqualTo("circuit_open");
            assertThat(open.at("/data/upstream").asText()).isEqualTo("http");
            assertThat(open.at("/data/from").asText()).isEqualTo("closed");
            assertThat(open.at("/data/recommendation").asText()).startsWith("Calls to the http upstream are refused");
        } finally {
            breakers.breaker("http").transitionToClosedState();
        }
        assertThat(admin.next(SystemEventChecks.TYPE).path("event").asText()).isEqualTo("circuit_closed");
    }

    @Test
    void aClientThatNeverReadsIsDroppedWith1013WhileItsQueueStaysWithinTheBound() throws Exception {
        String token = accessToken("test-other-tools-service", "other-tools-service-test-secret");
        WsTestClient slow = WsTestClient.withoutDemand(port);
        clients.add(slow);
        slow.request(1);
        slow.auth(token);
        slow.request(1);
        slow.subscribe(GatewayEvents.JOB_UPDATES);
        // from here on the client reads nothing: what the server sends backs up in TCP, then in its queue

        Map<String, Object> large = new LinkedHashMap<>();
        large.put("job_id", "flood");
        large.put("blob", "x".repeat(32 * 1024));
        long droppedBefore = connections.droppedSlowConsumers();
        int published = 0;
        while (connections.droppedSlowConsumers() == droppedBefore && published < 20_000) {
            events.publish(GatewayEvents.JOB_UPDATES, "job_progress", "test-other-tools-service", large);
            published++;
        }

        assertThat(connections.droppedSlowConsumers()).as("dropped after %d events of 32 KB", published)
                .isEqualTo(droppedBefore + 1);
        // the queue reached its bound and never went past it, however many events came
        assertThat(connections.queueHighWaterMessages()).isEqualTo(BOUND);
        assertThat(connections.queueHighWaterBytes()).isLessThanOrEqualTo(1_048_576L);
        assertThat(published).as("events published").isGreaterThan(BOUND);

        slow.request(Long.MAX_VALUE); // now read: what was on the wire, then the close frame
        assertThat(slow.awaitClose()).isEqualTo(new WsTestClient.Closed(1013, "slow consumer"));
    }

    @Test
    void aQuietConnectionGetsHeartbeatsAndPingIsAnswered() throws Exception {
        String clientToken = accessToken("test-tools-service", "tools-service-test-secret");
        WsTestClient client = connect();
        client.auth(clientToken);
        List<JsonNode> seen = client.until(m -> "heartbeat".equals(m.path("type").asText()));
        assertThat(seen.get(seen.size() - 1).path("timestamp").asText()).isNotEmpty();
        client.send(Map.of("type", "ping"));
        client.next("pong");
    }

    @Test
    void aMessageOverTheSizeLimitClosesWith1009() throws Exception {
        String clientToken = accessToken("test-tools-service", "tools-service-test-secret");
        WsTestClient client = connect();
        client.auth(clientToken);
        client.send(Map.of("type", "ping", "padding", "p".repeat(8 * 1024)));
        assertThat(client.awaitClose().code()).isEqualTo(1009);
    }

    @Test
    void aClientGetsAtMostItsConnections() throws Exception {
        String token = accessToken("test-tools-service", "tools-service-test-secret");
        for (int i = 0; i < 3; i++) {
            connect().auth(token);
        }
        WsTestClient fourth = connect();
        fourth.send(Map.of("type", "auth", "token", token));
        assertThat(fourth.awaitClose()).isEqualTo(new WsTestClient.Closed(1013, "too many connections for this client"));
    }

    @Test
    void theWsFlagRefusesTheHandshakeAndClosesOpenConnections() throws Exception {
        String openToken = accessToken("test-tools-service", "tools-service-test-secret");
        WsTestClient open = connect();
        open.auth(openToken);
        GatewayClient admin = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
        try {
            GatewayClient.Answer disabled = admin.post("/api/v1/pipelines/ws/disable", "");
            assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
            assertThat(disabled.json().path("path").asText()).isEqualTo("/api/v1/ws");
            assertThat(disabled.json().path("enabled").asBoolean()).isFalse();

            assertThat(open.awaitClose()).isEqualTo(new WsTestClient.Closed(1013, "endpoint disabled"));
            assertThatThrownBy(() -> WsTestClient.connect(port))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
                        assertThat(e.getResponse().statusCode()).isEqualTo(503);
                        assertThat(String.valueOf(e.getResponse().body())).contains("ROUTE_DISABLED");
                    });
        } finally {
            assertThat(admin.post("/api/v1/pipelines/ws/enable", "").status()).isEqualTo(200);
        }
        String token = accessToken("test-tools-service", "tools-service-test-secret");
        connect().auth(token);
    }

    private WsTestClient connect() {
        WsTestClient client = WsTestClient.connect(port);
        clients.add(client);
        return client;
    }

    private static Map<String, Object> queryProgress(String queryId, int step, String name) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("current_step", step);
        progress.put("total_steps", 3);
        progress.put("completion_percent", step * 100 / 3);
        progress.put("step", name);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("query_id", queryId);
        payload.put("status", step == 3 ? "completed" : "running");
        payload.put("progress", progress);
        return payload;
    }

    private String accessToken(String clientId, String secret) throws Exception {
        return post("/api/v1/auth/token", Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret), Map.of()).path("access_token").asText();
    }

    private String sessionToken(String clientId) throws Exception {
        return post("/api/v1/session/token", Map.of("clientId", clientId, "nonce", UUID.randomUUID().toString()),
                Map.of("X-Client-Version", "1.0.0")).path("token").asText();
    }

    private JsonNode post(String path, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GatewayClient.JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return GatewayClient.JSON.readTree(response.body());
    }
}
