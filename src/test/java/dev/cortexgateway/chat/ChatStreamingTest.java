package dev.cortexgateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.simulator.SimulatorRuns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Chat end to end through the real Cortex adapter and the simulator, with a real SSE client:
 * what data cannot say in routes-tests (timing, dropped connections, resume, cancellation).
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gateway.sse.heartbeat-interval=300ms", "gateway.chat.grace-period=1s"})
@ActiveProfiles({"local", "test"})
class ChatStreamingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    SimulatorRuns simulator;

    private SseTestClient client;
    private String webToken;

    @BeforeEach
    void setUp() throws Exception {
        client = new SseTestClient(port);
        webToken = token("demo-admin", "demo-admin-test-secret");
    }

    @Test
    void answersADataQuestionWithToolCallsTokensAndOneFinal() throws Exception {
        UUID session = UUID.randomUUID();
        SseTestClient.Connection stream = chat(session, "What was the revenue by quarter in 2024?", Map.of());

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
        String streamId = stream.header("X-Stream-Id");
        assertThat(streamId).isNotBlank();
        assertThat(stream.header("X-Trace-Id")).isNotBlank();
        List<SseTestClient.Event> events = stream.rest(WAIT);

        assertThat(stream.retry()).isNotNull();
        assertConsecutiveIds(events, streamId, 1);
        assertThat(events).extracting(SseTestClient.Event::name).contains("tool_call", "token").endsWith("final");
        assertThat(events.stream().filter(e -> e.name().equals("final") || e.name().equals("error"))).hasSize(1);
        for (SseTestClient.Event event : events) {
            assertThat(event.data().path("type").asText()).isEqualTo(event.name());
        }
        JsonNode finalMessage = events.get(events.size() - 1).data().path("message");
        assertThat(finalMessage.path("role").asText()).isEqualTo("assistant");
        assertThat(finalMessage.path("content").asText()).isEqualTo(tokens(events)).isNotBlank();
        JsonNode call = finalMessage.path("toolCalls").get(0);
        assertThat(UUID.fromString(call.path("id").asText())).isNotNull();
        assertThat(call.path("name").asText()).isEqualTo("cortex_analyst_text_to_sql");
        assertThat(call.path("status").asText()).isEqualTo("completed");

        JsonNode history = history(session);
        assertThat(history.path("messages")).hasSize(2);
        assertThat(history.at("/messages/0/role").asText()).isEqualTo("assistant");
        assertThat(history.at("/messages/0/content").asText()).isEqualTo(finalMessage.path("content").asText());
        assertThat(history.at("/messages/1/role").asText()).isEqualTo("user");
    }

    @Test
    void historyPagesNewestFirstWithACursorAndSeesNewWritesDespiteItsCache() throws Exception {
        UUID session = UUID.randomUUID();
        chat(session, "How many customers are there?", Map.of()).rest(WAIT);
        assertThat(history(session).path("messages")).hasSize(2); // now cached

        chat(session, "How many orders are there?", Map.of()).rest(WAIT);
        JsonNode first = historyPage(session, "?limit=3");
        assertThat(first.path("messages")).hasSize(3);
        assertThat(first.at("/messages/0/role").asText()).isEqualTo("assistant");
        assertThat(first.at("/messages/1/content").asText()).isEqualTo("How many orders are there?");
        JsonNode second = historyPage(session, "?limit=3&cursor=" + first.path("nextCursor").asText());
        assertThat(second.path("messages")).hasSize(1);
        assertThat(second.at("/messages/0/content").asText()).isEqualTo("How many customers are there?");
        assertThat(second.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void searchAnswersCarrySourcesWithAbsoluteUrls() throws Exception {
        SseTestClient.Connection stream = chat(UUID.randomUUID(), "[[sim:tools tool=search]] What is the travel expense policy?", Map.of());
        List<SseTestClient.Event> events = stream.rest(WAIT);

        List<String> statuses = events.stream().filter(e -> e.name().equals("tool_call"))
                .map(e -> e.data().at("/call/status").asText()).toList();
        assertThat(statuses).startsWith("requested").contains("completed");
        JsonNode last = events.get(events.size() - 1).data();
        assertThat(last.path("type").asText()).isEqualTo("final");
        assertThat(last.path("sources")).isNotEmpty();
        for (JsonNode source : last.path("sources")) {
            assertThat(URI.create(source.path("sourceUrl").asText()).isAbsolute()).isTrue();
            assertThat(source.path("title").asText()).isNotBlank();
        }
    }

    @Test
    void heartbeatsKeepAStalledStreamTalking() throws Exception {
        SseTestClient.Connection stream = chat(UUID.randomUUID(), "[[sim:stall after=3 seconds=2]] What is the travel policy?", Map.of());
        List<SseTestClient.Event> events = stream.rest(WAIT);

        assertThat(events.get(events.size() - 1).name()).isEqualTo("final");
        // 2 s of upstream silence with a 300 ms heartbeat interval
        assertThat(stream.heartbeats()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aDroppedClientResumesWithLastEventIdWithoutGapDuplicateOrSecondUpstreamRun() throws Exception {
        String question = "[[sim:slow delayMs=60]] [[sim:long events=40]] What is the travel policy?";
        List<SseTestClient.Event> reference = chat(UUID.randomUUID(), question, Map.of()).rest(WAIT);
        assertThat(reference.get(reference.size() - 1).name()).isEqualTo("final");

        long runsBefore = simulator.started("agent:run");
        UUID session = UUID.randomUUID();
        SseTestClient.Connection first = chat(session, question, Map.of());
        String streamId = first.header("X-Stream-Id");
        List<SseTestClient.Event> received = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            received.add(first.next(WAIT));
        }
        first.drop();

        SseTestClient.Connection resumed = chat(session, question, Map.of("Last-Event-ID", received.get(5).id()));
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.header("X-Stream-Id")).isEqualTo(streamId);
        received.addAll(resumed.rest(WAIT));

        assertConsecutiveIds(received, streamId, 1);
        assertThat(received.get(received.size() - 1).name()).isEqualTo("final");
        assertThat(tokens(received)).isEqualTo(tokens(reference));
        assertThat(simulator.started("agent:run") - runsBefore).isEqualTo(1);

        // resuming again from the start (EventSource style) replays the same events; history stays written once
        List<SseTestClient.Event> replay = client.get("/api/v1/chat/streams/" + streamId, bearer()).rest(WAIT);
        assertThat(replay).extracting(SseTestClient.Event::id).isEqualTo(received.stream().map(SseTestClient.Event::id).toList());
        assertThat(history(session).path("messages")).hasSize(2);
    }

    @Test
    void resumeByGetAfterAnEventIdSendsOnlyTheRest() throws Exception {
        SseTestClient.Connection stream = chat(UUID.randomUUID(), "How many customers are there?", Map.of());
        String streamId = stream.header("X-Stream-Id");
        List<SseTestClient.Event> all = stream.rest(WAIT);

        Map<String, String> headers = new java.util.HashMap<>(bearer());
        headers.put("Last-Event-ID", streamId + ":2");
        List<SseTestClient.Event> rest = client.get("/api/v1/chat/streams/" + streamId, headers).rest(WAIT);

        assertThat(rest).extracting(SseTestClient.Event::id)
                .isEqualTo(all.subList(2, all.size()).stream().map(SseTestClient.Event::id).toList());
    }

    @Test
    void aClientThatLeavesGetsItsUpstreamRunCancelledAfterTheGracePeriod() throws Exception {
        long cancelledBefore = simulator.cancelled();
        SseTestClient.Connection stream = chat(UUID.randomUUID(), "[[sim:slow delayMs=200]] [[sim:long events=500]] Tell me about the travel policy", Map.of());
        String streamId = stream.header("X-Stream-Id");
        stream.next(WAIT);
        stream.next(WAIT);
        Instant dropped = Instant.now();
        stream.drop();

        await("the upstream run cancelled").atMost(Duration.ofSeconds(15)).until(() -> simulator.cancelled() != cancelledBefore);
        assertThat(simulator.cancelled()).isEqualTo(cancelledBefore + 1);
        // not before the 1 s grace period (the gateway notices the drop at its next write)
        assertThat(Duration.between(dropped, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        SseTestClient.Connection gone = client.get("/api/v1/chat/streams/" + streamId, bearer());
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).contains("STREAM_NOT_FOUND");
    }

    @Test
    void upstreamRateLimitBeforeTheStreamIsAPlain429WithRetryAfter() throws Exception {
        SseTestClient.Connection answer = chat(UUID.randomUUID(), "[[sim:status code=429 retryAfter=7]] hi", Map.of());

        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.header("Retry-After")).isEqualTo("7");
        JsonNode body = SseTestClient.JSON.readTree(answer.body());
        assertThat(body.at("/error/code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(body.at("/error/retryable").asBoolean()).isTrue();
    }

    @Test
    void upstreamServerErrorBeforeTheStreamIsAPlain502() throws Exception {
        SseTestClient.Connection answer = chat(UUID.randomUUID(), "[[sim:status code=503]] hi", Map.of());

        assertThat(answer.status()).isEqualTo(502);
        assertThat(SseTestClient.JSON.readTree(answer.body()).at("/error/code").asText()).isEqualTo("UPSTREAM_ERROR");
    }

    @Test
    void anInStreamUpstreamErrorEndsTheStreamWithOneErrorEvent() throws Exception {
        List<SseTestClient.Event> events = chat(UUID.randomUUID(), "[[sim:error after=3]] What is the travel policy?", Map.of()).rest(WAIT);

        SseTestClient.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.data().path("code").asText()).isEqualTo("UPSTREAM_ERROR");
        assertThat(last.data().at("/error/traceId").asText()).isNotBlank();
        assertThat(events).extracting(SseTestClient.Event::name).doesNotContain("final");
    }

    @Test
    void anUpstreamThatDropsMidStreamEndsTheStreamWithAnError() throws Exception {
        List<SseTestClient.Event> events = chat(UUID.randomUUID(), "[[sim:drop after=4]] What is the travel policy?", Map.of()).rest(WAIT);

        SseTestClient.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.data().path("code").asText()).isEqualTo("UPSTREAM_ERROR");
    }

    @Test
    void aSessionBelongsToTheClientThatFirstUsedIt() throws Exception {
        UUID session = UUID.randomUUID();
        chat(session, "How many customers are there?", Map.of()).rest(WAIT);

        String other = token("test-chat-service", "chat-service-test-secret");
        SseTestClient.Connection refused = client.post("/api/v1/chat", request(session, "hello"), Map.of("Authorization", "Bearer " + other));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("FORBIDDEN");
    }

    private SseTestClient.Connection chat(UUID session, String question, Map<String, String> extraHeaders) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(bearer());
        headers.putAll(extraHeaders);
        return client.post("/api/v1/chat", request(session, question), headers);
    }

    private static Map<String, Object> request(UUID session, String question) {
        return Map.of("sessionId", session.toString(), "messages", List.of(Map.of(
                "id", UUID.nameUUIDFromBytes((session + question).getBytes()).toString(),
                "role", "user", "content", question, "timestamp", "2026-11-25T10:00:00Z")));
    }

    private Map<String, String> bearer() {
        return Map.of("Authorization", "Bearer " + webToken);
    }

    private JsonNode history(UUID session) throws Exception {
        return historyPage(session, "");
    }

    private JsonNode historyPage(UUID session, String query) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/history/" + session + query))
                .header("Authorization", "Bearer " + webToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SseTestClient.JSON.readTree(response.body());
    }

    private String token(String clientId, String secret) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\",\"client_id\":\"" + clientId
                        + "\",\"client_secret\":\"" + secret + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        return SseTestClient.JSON.readTree(response.body()).path("access_token").asText();
    }

    private static String tokens(List<SseTestClient.Event> events) {
        return events.stream().filter(e -> e.name().equals("token")).map(e -> e.data().path("delta").asText())
                .collect(Collectors.joining());
    }

    private static void assertConsecutiveIds(List<SseTestClient.Event> events, String streamId, int first) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).id()).isEqualTo(streamId + ":" + (first + i));
            assertThat(seen.add(events.get(i).id())).isTrue();
        }
    }
}
