package dev.cortexgateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every upstream fault the simulator can play (issue #9, faults): 429 and 5xx before the stream, a
 * slow first byte, a stall, a mid-stream drop and an in-stream error for chat; 5xx and 429 for a tool.
 * Each gives its documented answer or terminal event, and the metrics count it: the GenAI operation
 * histogram by {@code error_type}, and the retries counter for the retried 5xx.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gateway.cortex.inactivity-timeout=2s", "gateway.sse.heartbeat-interval=300ms", "gateway.chat.open-wait=300ms"})
@ActiveProfiles({"local", "test"})
// tests leave metric export off unless asked: the counts are read from the real scrape endpoint
@AutoConfigureObservability
class UpstreamFaultsHttpTest {

    private static final String CHAT_RUNS = "gen_ai_client_operation_duration_seconds_count";
    private static final String RETRIES = "gateway_upstream_retries_total";

    @LocalServerPort
    int port;

    private GatewayClient client;

    @BeforeEach
    void login() throws Exception {
        client = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
    }

    @Test
    void upstream429BeforeTheStreamIsA429WithItsRetryAfter() throws Exception {
        double before = chatRuns("RATE_LIMITED");
        SseTestClient.Connection answer = chat("[[sim:status code=429 retryAfter=30]] What is the travel policy?");
        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.header("Retry-After")).isEqualTo("30");
        assertThat(SseTestClient.JSON.readTree(answer.body()).path("error").path("code").asText()).isEqualTo("RATE_LIMITED");
        awaitMetric(() -> chatRuns("RATE_LIMITED"), before + 1);
    }

    @Test
    void upstream5xxBeforeTheStreamIsRetriedThenA502() throws Exception {
        double before = chatRuns("UPSTREAM_ERROR");
        double retriesBefore = metric(RETRIES, "kind=\"chat\"");
        SseTestClient.Connection answer = chat("[[sim:status code=503]] What is the travel policy?");
        assertThat(answer.status()).isEqualTo(502);
        assertThat(SseTestClient.JSON.readTree(answer.body()).path("error").path("code").asText()).isEqualTo("UPSTREAM_ERROR");
        awaitMetric(() -> metric(RETRIES, "kind=\"chat\""), retriesBefore + 2);
        // every attempt is one upstream operation: the first and its two retries
        awaitMetric(() -> chatRuns("UPSTREAM_ERROR"), before + 3);
    }

    /** Past gateway.chat.open-wait (300 ms here) the stream opens and heartbeats until Cortex speaks. */
    @Test
    void aSlowFirstByteIsBridgedByHeartbeatsAndTheAnswerStillComes() throws Exception {
        double before = chatRuns("");
        SseTestClient.Connection answer = chat("[[sim:stall after=0 seconds=1]] What is the travel policy?");
        assertThat(answer.status()).isEqualTo(200);
        List<SseTestClient.Event> events = answer.rest(Duration.ofSeconds(30));
        assertThat(events).last().satisfies(e -> assertThat(e.name()).isEqualTo("final"));
        assertThat(answer.heartbeats()).isGreaterThanOrEqualTo(1);
        awaitMetric(() -> chatRuns(""), before + 1);
    }

    @Test
    void aStallEndsTheStreamWithUpstreamTimeout() throws Exception {
        assertTerminalError("[[sim:stall after=3 seconds=6]] What is the travel policy?", "UPSTREAM_TIMEOUT");
    }

    @Test
    void aMidStreamDropEndsTheStreamWithAnError() throws Exception {
        assertTerminalError("[[sim:drop after=5]] What is the travel policy?", "UPSTREAM_ERROR");
    }

    @Test
    void anInStreamErrorEndsTheStreamWithAnError() throws Exception {
        assertTerminalError("[[sim:error after=4]] What is the travel policy?", "UPSTREAM_ERROR");
    }

    @Test
    void aToolsUpstreamFailingIs424AndCounted() throws Exception {
        for (String[] fault : new String[][] {{"[[sim:status code=503]]", "UPSTREAM_ERROR"}, {"[[sim:status code=429]]", "RATE_LIMITED"}}) {
            double before = metric(CHAT_RUNS, "gen_ai_operation_name=\"execute_tool\"", "error_type=\"" + fault[1] + "\"");
            GatewayClient.Answer answer = client.post("/api/v1/tools/cortex_search",
                    Map.of("query", fault[0] + " travel policy", "topK", 3));
            assertThat(answer.status()).as(answer.body()).isEqualTo(424);
            assertThat(answer.json().path("error").path("code").asText()).isEqualTo("UPSTREAM_DEPENDENCY_FAILED");
            assertThat(answer.json().path("error").path("details").path("cause").asText()).isEqualTo(fault[1]);
            awaitMetric(() -> metric(CHAT_RUNS, "gen_ai_operation_name=\"execute_tool\"", "error_type=\"" + fault[1] + "\""),
                    before + 1);
        }
    }

    private void assertTerminalError(String question, String code) throws Exception {
        double before = chatRuns(code);
        SseTestClient.Connection answer = chat(question);
        assertThat(answer.status()).isEqualTo(200);
        List<SseTestClient.Event> events = answer.rest(Duration.ofSeconds(30));
        assertThat(events).isNotEmpty();
        SseTestClient.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.data().path("code").asText()).isEqualTo(code);
        assertThat(events.stream().filter(e -> e.name().equals("final") || e.name().equals("error"))).hasSize(1);
        awaitMetric(() -> chatRuns(code), before + 1);
    }

    private SseTestClient.Connection chat(String question) throws Exception {
        return new SseTestClient(port).post("/api/v1/chat", Map.of("sessionId", UUID.randomUUID().toString(),
                "messages", List.of(Map.of("id", UUID.randomUUID().toString(), "role", "user", "content", question,
                        "timestamp", "2026-11-25T10:00:00Z"))), Map.of("Authorization", "Bearer " + client.token()));
    }

    /**
     * Waits (bounded) until a metric reaches {@code expected}: a run is counted when it ends, which
     * is just after its terminal event went out, so the scrape may briefly lag the client.
     */
    private static void awaitMetric(MetricRead read, double expected) {
        double value = await().atMost(Duration.ofSeconds(10)).until(read::get, v -> v >= expected);
        assertThat(value).isEqualTo(expected);
    }

    private interface MetricRead {
        double get() throws Exception;
    }

    /** Chat runs that ended with {@code errorType} ("" for success), as the Prometheus scrape says. */
    private double chatRuns(String errorType) throws Exception {
        return metric(CHAT_RUNS, "gen_ai_operation_name=\"chat\"", "error_type=\"" + errorType + "\"");
    }

    /** The sum of a metric's series whose labels contain every given {@code name="value"}. */
    private double metric(String name, String... labels) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        String scrape = response.body();
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
