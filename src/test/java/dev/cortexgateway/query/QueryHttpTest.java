package dev.cortexgateway.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.events.GatewayEvents;
import dev.cortexgateway.simulator.SimulatorRuns;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * POST /api/v1/query over real HTTP against the simulator: hits, misses, bypass, what is never
 * cached, the per-request fields, the query record and its progress events.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class QueryHttpTest {

    private static final String AGENT_RUN = "agent:run";
    /** The per-request fields; everything else of a hit must be the miss's bytes. */
    private static final List<String> PER_REQUEST = List.of("\"query_id\":\"[^\"]*\"", "\"latency_ms\":[0-9.Ee+-]+",
            "\"cache_status\":\"[a-z]+\"", "\"cost_savings_percent\":[0-9]+");

    @LocalServerPort
    int port;
    @Autowired
    SimulatorRuns simulator;
    @Autowired
    GatewayEvents events;

    private GatewayClient client;
    private final List<GatewayEvents.Event> progress = new CopyOnWriteArrayList<>();
    private AutoCloseable subscription;

    @BeforeEach
    void login() throws Exception {
        client = GatewayClient.login(port, "test-query-service", "query-service-test-secret");
        subscription = events.subscribe(GatewayEvents.QUERY_UPDATES, progress::add);
    }

    @AfterEach
    void unsubscribe() throws Exception {
        subscription.close();
    }

    @Test
    void aRepeatedQueryIsAHitWithTheMissesBytesAndNoUpstreamRun() throws Exception {
        String question = "What is the refund policy for annual plans? " + UUID.randomUUID();
        long runsBefore = simulator.started(AGENT_RUN);

        Answer miss = client.post("/api/v1/query", query(question));
        assertThat(miss.status()).as(miss.body()).isEqualTo(200);
        assertThat(simulator.started(AGENT_RUN)).isEqualTo(runsBefore + 1);
        // the same question with other spacing and case is the same normalized question
        Answer hit = client.post("/api/v1/query", query("  " + question.toUpperCase().replace(" ", " \n\t ") + " "));
        assertThat(hit.status()).as(hit.body()).isEqualTo(200);

        assertThat(simulator.started(AGENT_RUN)).as("no upstream run for a hit").isEqualTo(runsBefore + 1);
        assertThat(miss.json().path("metadata").path("cache_status").asText()).isEqualTo("miss");
        assertThat(hit.json().path("metadata").path("cache_status").asText()).isEqualTo("hit");
        assertThat(miss.json().path("metadata").path("cost_savings_percent").asInt()).isZero();
        assertThat(hit.json().path("metadata").path("cost_savings_percent").asInt()).isEqualTo(100);
        long tokens = miss.json().path("metadata").path("token_cost").asLong();
        assertThat(tokens).isPositive();
        assertThat(hit.json().path("metadata").path("token_cost").asLong()).isEqualTo(tokens);
        assertThat(hit.json().path("query_id").asText()).isNotEqualTo(miss.json().path("query_id").asText());
        assertThat(miss.json().path("response").asText()).isNotBlank();
        assertThat(miss.json().path("status").asText()).isEqualTo("success");
        assertThat(withoutPerRequestFields(hit.body())).isEqualTo(withoutPerRequestFields(miss.body()));
    }

    @Test
    void searchAnswersNameTheirToolAndSources() throws Exception {
        Answer answer = client.post("/api/v1/query", query("[[sim:tools tool=search]] How do I reset my password? " + UUID.randomUUID()));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("metadata").path("tools_used").toString()).contains("cortex_search");
        assertThat(answer.json().path("sources").size()).isPositive();
        assertThat(answer.json().path("sources").get(0).path("sourceUrl").asText()).startsWith("http");
    }

    @Test
    void useCacheFalseNeitherReadsNorWrites() throws Exception {
        String question = "Which regions grew fastest? " + UUID.randomUUID();
        long runsBefore = simulator.started(AGENT_RUN);
        ObjectNode bypass = query(question);
        bypass.putObject("cache_options").put("use_cache", false);

        assertThat(client.post("/api/v1/query", bypass).json().path("metadata").path("cache_status").asText()).isEqualTo("bypass");
        assertThat(client.post("/api/v1/query", query(question)).json().path("metadata").path("cache_status").asText())
                .as("bypass wrote nothing").isEqualTo("miss");
        assertThat(client.post("/api/v1/query", bypass).json().path("metadata").path("cache_status").asText())
                .as("bypass read nothing").isEqualTo("bypass");
        assertThat(simulator.started(AGENT_RUN)).isEqualTo(runsBefore + 3);
    }

    @Test
    void aFailedOrPartialUpstreamAnswerIsNeverCached() throws Exception {
        // each failure as the Cortex adapter maps it (cortex/UpstreamErrors): a 5xx and an error event
        // mid-stream are the upstream's failure (502); Cortex's 429 stays a 429 for the caller to back off
        Map<String, String> expected = Map.of(
                "[[sim:status code=503]]", "UPSTREAM_ERROR",
                "[[sim:error after=4]]", "UPSTREAM_ERROR",
                "[[sim:status code=429]]", "RATE_LIMITED");
        Map<String, Integer> statuses = Map.of("UPSTREAM_ERROR", 502, "RATE_LIMITED", 429);
        for (Map.Entry<String, String> scenario : expected.entrySet()) {
            String question = scenario.getKey() + " What was the revenue last quarter? " + UUID.randomUUID();
            long runsBefore = simulator.started(AGENT_RUN);

            Answer first = client.post("/api/v1/query", query(question));
            Answer second = client.post("/api/v1/query", query(question));

            assertThat(first.status()).as(scenario.getKey() + ": " + first.body()).isEqualTo(statuses.get(scenario.getValue()));
            assertThat(first.json().path("error").path("code").asText()).as(scenario.getKey()).isEqualTo(scenario.getValue());
            assertThat(first.json().path("status").asText()).isEqualTo("error");
            assertThat(second.status()).as(second.body()).isEqualTo(first.status());
            assertThat(simulator.started(AGENT_RUN)).as("each attempt went upstream: nothing was cached")
                    .isEqualTo(runsBefore + 2);
        }
    }

    @Test
    void progressEventsFollowTheStepsAndAFailureIsPublishedAsFailed() throws Exception {
        Answer ok = client.post("/api/v1/query", query("How many customers churned? " + UUID.randomUUID()));
        String id = ok.json().path("query_id").asText();

        List<Map<String, Object>> mine = progress.stream().filter(e -> id.equals(e.payload().get("query_id")))
                .map(GatewayEvents.Event::payload).toList();
        assertThat(mine).extracting(p -> p.get("step")).containsExactly("cache_lookup", "upstream", "mapping", "done");
        assertThat(mine).extracting(p -> p.get("completion_percent")).containsExactly(0, 33, 66, 100);
        assertThat(mine.get(3)).isEqualTo(Map.of("query_id", id, "status", "completed", "current_step", 4,
                "total_steps", 4, "completion_percent", 100, "step", "done"));
        assertThat(progress).filteredOn(e -> id.equals(e.payload().get("query_id")))
                .allMatch(e -> e.owner().equals("test-query-service") && e.type().equals("query_progress"));

        progress.clear();
        client.post("/api/v1/query", query("[[sim:status code=503]] failing " + UUID.randomUUID()));
        assertThat(progress).last().satisfies(e -> {
            assertThat(e.payload().get("status")).isEqualTo("failed");
            assertThat(e.payload().get("step")).isEqualTo("upstream");
        });
    }

    @Test
    void theStatusOfAQueryIsItsOwnersOnly() throws Exception {
        Answer ok = client.post("/api/v1/query", query("What is our NPS? " + UUID.randomUUID()));
        String id = ok.json().path("query_id").asText();

        Answer status = client.get("/api/v1/query/" + id + "/status");
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        assertThat(status.json().path("status").asText()).isEqualTo("completed");
        assertThat(status.json().path("current_step").asInt()).isEqualTo(4);
        assertThat(status.json().path("total_steps").asInt()).isEqualTo(4);
        assertThat(status.json().path("completion_percent").asInt()).isEqualTo(100);
        assertThat(status.json().path("step").asText()).isEqualTo("done");
        assertThat(status.json().path("created_at").asText()).isNotBlank();
        assertThat(status.json().path("finished_at").asText()).isNotBlank();

        GatewayClient other = GatewayClient.login(port, "test-other-query-service", "other-query-service-test-secret");
        Answer foreign = other.get("/api/v1/query/" + id + "/status");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().path("error").path("code").asText()).isEqualTo("QUERY_NOT_FOUND");
    }

    @Test
    void aQueryOfExactly4000CharactersIsAcceptedAnd4001Refused() throws Exception {
        String base = "q" + UUID.randomUUID();
        String exact = base + "x".repeat(4000 - base.length());
        assertThat(client.post("/api/v1/query", query(exact)).status()).isEqualTo(200);

        Answer tooLong = client.post("/api/v1/query", query(exact + "é"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("error").path("code").asText()).isEqualTo("QUERY_TOO_LONG");
    }

    @Test
    void hitsAndMissesReachTheMetricsSummary() throws Exception {
        String question = "Top products by margin " + UUID.randomUUID();
        client.post("/api/v1/query", query(question));
        client.post("/api/v1/query", query(question));

        JsonNode summary = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret").get("/api/v1/metrics").json();
        assertThat(summary.path("cache").path("hits").asLong()).isPositive();
        assertThat(summary.path("cache").path("misses").asLong()).isPositive();
        assertThat(summary.path("cacheHitRate").isNumber()).as(summary.toString()).isTrue();
    }

    private static String withoutPerRequestFields(String body) {
        String out = body;
        for (String field : PER_REQUEST) {
            out = out.replaceAll(field, "<per-request>");
        }
        return out;
    }

    private static ObjectNode query(String text) {
        return GatewayClient.JSON.createObjectNode().put("query", text);
    }
}
