package dev.cortexgateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.simulator.SimulatorRuns;
import dev.cortexgateway.upstream.UpstreamBreakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Upstream protection over real HTTP against the simulator: the per-upstream circuit breakers
 * (open after upstream failures, refuse with 503 CIRCUIT_OPEN without calling the upstream,
 * half-open after the wait, close on a good probe, ignore callers' mistakes), chat retries before
 * the first byte only, tools never retried by default, and the cap on open chat runs. Small
 * breaker windows and short backoffs are set for this context only.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "gateway.upstreams.cortex.circuit-breaker.minimum-calls=4",
                "gateway.upstreams.cortex.circuit-breaker.sliding-window=4",
                "gateway.upstreams.cortex.circuit-breaker.wait-in-open-state=1s",
                "gateway.upstreams.cortex.circuit-breaker.permitted-calls-in-half-open=1",
                "gateway.upstreams.warehouse.circuit-breaker.minimum-calls=2",
                "gateway.upstreams.warehouse.circuit-breaker.sliding-window=2",
                "gateway.upstreams.cortex.retry.initial-backoff=50",
                "gateway.upstreams.cortex.retry.max-backoff=200",
                "gateway.upstreams.cortex.retry.max-retry-after=2s",
                "gateway.chat.max-open-runs=2"})
@ActiveProfiles({"local", "test"})
class UpstreamProtectionHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    SimulatorRuns simulator;

    @Autowired
    UpstreamBreakers breakers;

    private SseTestClient client;
    private String token;

    @BeforeEach
    void setUp() throws Exception {
        client = new SseTestClient(port);
        token = token();
        breakers.breaker("cortex").reset();
        breakers.breaker("warehouse").reset();
        simulator.reset();
    }

    @Test
    void theCircuitOpensAfterUpstreamFailuresAndThenRefusesWithoutCallingTheUpstream() throws Exception {
        for (int i = 0; i < 4; i++) {
            SseTestClient.Connection failed = search("[[sim:status code=503]] travel policy");
            assertThat(failed.status()).as("upstream failure %d", i).isEqualTo(424);
            assertThat(json(failed).at("/error/details/cause").asText()).isEqualTo("UPSTREAM_ERROR");
        }
        // tools are not retried by default: one upstream call per tool call
        assertThat(simulator.started("search:query")).isEqualTo(4);
        assertThat(breakers.states().get("cortex")).isEqualTo(CircuitBreaker.State.OPEN);

        SseTestClient.Connection refused = search("travel policy");
        assertThat(refused.status()).isEqualTo(503);
        JsonNode error = json(refused).path("error");
        assertThat(error.path("code").asText()).isEqualTo("CIRCUIT_OPEN");
        assertThat(error.path("retryable").asBoolean()).isTrue();
        assertThat(error.at("/details/upstream").asText()).isEqualTo("cortex");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(simulator.started("search:query")).as("no upstream call while open").isEqualTo(4);

        // chat shares the cortex breaker: refused before any stream, no agent run
        SseTestClient.Connection chat = chat("What is the travel policy?");
        assertThat(chat.status()).isEqualTo(503);
        assertThat(json(chat).at("/error/code").asText()).isEqualTo("CIRCUIT_OPEN");
        assertThat(chat.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(simulator.started("agent:run")).isZero();

        JsonNode health = health();
        assertThat(health.path("status").asText()).isEqualTo("degraded");
        assertThat(health.at("/components/circuitBreakers/cortex/state").asText()).isEqualTo("open");
        assertThat(health.at("/components/circuitBreakers/warehouse/state").asText()).isEqualTo("closed");
    }

    @Test
    void afterTheOpenWaitAProbeGoesThroughAndItsSuccessClosesTheCircuit() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(search("[[sim:status code=500]] travel policy").status()).isEqualTo(424);
        }
        assertThat(search("travel policy").status()).isEqualTo(503);
        long callsWhileOpen = simulator.started("search:query");

        SseTestClient.Connection probe = await("the open wait ends").atMost(Duration.ofSeconds(10))
                .until(() -> search("travel policy"), answer -> answer.status() != 503);
        assertThat(probe.status()).as(probe.body()).isEqualTo(200);
        assertThat(simulator.started("search:query")).isEqualTo(callsWhileOpen + 1);
        assertThat(breakers.states().get("cortex")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(search("expense reimbursement").status()).isEqualTo(200);
    }

    @Test
    void callersMistakesDoNotOpenTheCircuit() throws Exception {
        for (int i = 0; i < 5; i++) {
            SseTestClient.Connection rejected = client.post("/api/v1/tools/sql_exec",
                    Map.of("sql", "SELECT * FROM no_such_table", "sessionId", UUID.randomUUID().toString()), bearer());
            assertThat(rejected.status()).isEqualTo(400);
            assertThat(json(rejected).at("/error/code").asText()).isEqualTo("SQL_REJECTED");
        }
        assertThat(breakers.states().get("warehouse")).isEqualTo(CircuitBreaker.State.CLOSED);
        // an upstream 400 is a refusal of the gateway's request, not an upstream in trouble
        for (int i = 0; i < 5; i++) {
            assertThat(search("[[sim:status code=400]] travel policy").status()).isEqualTo(424);
        }
        assertThat(breakers.states().get("cortex")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(search("travel policy").status()).isEqualTo(200);
    }

    @Test
    void chatRetriesAnUpstream503BeforeTheFirstByteAndAnswersOnce() throws Exception {
        SseTestClient.Connection answer = chat("[[sim:status code=503]] hi");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(json(answer).at("/error/code").asText()).isEqualTo("UPSTREAM_ERROR");
        assertThat(simulator.started("agent:run")).as("1 + 2 retries").isEqualTo(3);
    }

    @Test
    void chatWaitsOutAnUpstreamRetryAfterWithinItsCapAndPassesOnALongerOne() throws Exception {
        long started = System.nanoTime();
        SseTestClient.Connection shortWait = chat("[[sim:status code=429 retryAfter=1]] hi");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(shortWait.status()).isEqualTo(429);
        assertThat(simulator.started("agent:run")).isEqualTo(3);
        assertThat(took).as("two retries, each after the upstream's 1 s").isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        simulator.reset();
        SseTestClient.Connection longWait = chat("[[sim:status code=429 retryAfter=30]] hi");
        assertThat(longWait.status()).isEqualTo(429);
        assertThat(longWait.header("Retry-After")).isEqualTo("30");
        assertThat(simulator.started("agent:run")).as("longer than max-retry-after: not retried").isEqualTo(1);
    }

    @Test
    void anUpstream503sRetryAfterIsHonouredAsA429s() throws Exception {
        long started = System.nanoTime();
        SseTestClient.Connection shortWait = chat("[[sim:status code=503 retryAfter=1]] hi");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(shortWait.status()).isEqualTo(502);
        JsonNode error = json(shortWait).path("error");
        assertThat(error.path("code").asText()).isEqualTo("UPSTREAM_ERROR");
        assertThat(error.at("/details/retryAfterSeconds").asLong()).isEqualTo(1);
        assertThat(shortWait.header("Retry-After")).isEqualTo("1");
        assertThat(simulator.started("agent:run")).isEqualTo(3);
        assertThat(took).as("two retries, each after the upstream's 1 s").isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        simulator.reset();
        breakers.breaker("cortex").reset();
        SseTestClient.Connection longWait = chat("[[sim:status code=503 retryAfter=30]] hi");
        assertThat(longWait.status()).isEqualTo(502);
        assertThat(longWait.header("Retry-After")).isEqualTo("30");
        assertThat(simulator.started("agent:run")).as("longer than max-retry-after: not retried").isEqualTo(1);
    }

    @Test
    void chatNeverRetriesAfterTheFirstByte() throws Exception {
        for (String scenario : List.of("[[sim:drop after=5]]", "[[sim:error after=4]]")) {
            simulator.reset();
            List<SseTestClient.Event> events = chat(scenario + " What is the travel policy?").rest(WAIT);

            assertThat(events).as(scenario).isNotEmpty();
            assertThat(events.get(events.size() - 1).name()).as(scenario).isEqualTo("error");
            assertThat(events).extracting(SseTestClient.Event::name).filteredOn("error"::equals).hasSize(1);
            assertThat(simulator.started("agent:run")).as(scenario + ": exactly one upstream run").isEqualTo(1);
        }
    }

    @Test
    void openChatRunsAreCappedUntilTheyEnd() throws Exception {
        List<SseTestClient.Connection> open = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SseTestClient.Connection stream = chat("[[sim:slow delayMs=200 events=10]] What is the travel policy?");
            assertThat(stream.status()).isEqualTo(200);
            open.add(stream);
        }
        SseTestClient.Connection third = chat("What is the travel policy?");
        assertThat(third.status()).isEqualTo(429);
        assertThat(json(third).at("/error/code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(third.header("Retry-After")).isEqualTo("1");
        assertThat(simulator.started("agent:run")).isEqualTo(2);

        for (SseTestClient.Connection stream : open) {
            List<SseTestClient.Event> events = stream.rest(WAIT);
            assertThat(events.get(events.size() - 1).name()).isEqualTo("final");
        }
        List<SseTestClient.Event> after = chat("What is the travel policy?").rest(WAIT);
        assertThat(after.get(after.size() - 1).name()).as("slots come back when runs end").isEqualTo("final");
    }

    private SseTestClient.Connection search(String query) throws Exception {
        return client.post("/api/v1/tools/cortex_search", Map.of("query", query), bearer());
    }

    private SseTestClient.Connection chat(String question) throws Exception {
        UUID session = UUID.randomUUID();
        return client.post("/api/v1/chat", Map.of("sessionId", session.toString(), "messages", List.of(Map.of(
                "id", UUID.randomUUID().toString(), "role", "user", "content", question,
                "timestamp", "2026-11-25T10:00:00Z"))), bearer());
    }

    private Map<String, String> bearer() {
        return new HashMap<>(Map.of("Authorization", "Bearer " + token));
    }

    private static JsonNode json(SseTestClient.Connection answer) throws Exception {
        return SseTestClient.JSON.readTree(answer.body());
    }

    private JsonNode health() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/health?detailed=true")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return SseTestClient.JSON.readTree(response.body());
    }

    private String token() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\",\"client_id\":\"demo-admin\","
                        + "\"client_secret\":\"demo-admin-test-secret\"}")).build(), HttpResponse.BodyHandlers.ofString());
        return SseTestClient.JSON.readTree(response.body()).path("access_token").asText();
    }
}
