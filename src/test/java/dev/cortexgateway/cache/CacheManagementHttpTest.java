package dev.cortexgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.events.GatewayEvents;
import dev.cortexgateway.simulator.SimulatorRuns;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Cache management over real HTTP: warm-up jobs (progress, skip, cancel), selective invalidation, status. */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class CacheManagementHttpTest {

    private static final String AGENT_RUN = "agent:run";

    @LocalServerPort
    int port;
    @Autowired
    SimulatorRuns simulator;
    @Autowired
    GatewayEvents events;

    private GatewayClient client;
    private final List<GatewayEvents.Event> jobEvents = new CopyOnWriteArrayList<>();
    private AutoCloseable subscription;

    @BeforeEach
    void login() throws Exception {
        client = GatewayClient.login(port, "test-cache-service", "cache-service-test-secret");
        subscription = events.subscribe(GatewayEvents.JOB_UPDATES, jobEvents::add);
    }

    @AfterEach
    void unsubscribe() throws Exception {
        subscription.close();
    }

    @Test
    void warmFillsTheCacheAsAJobThatTheJobsApiReads() throws Exception {
        String tag = UUID.randomUUID().toString();
        List<String> questions = List.of("warm one " + tag, "warm two " + tag, "warm three " + tag);
        long runsBefore = simulator.started(AGENT_RUN);

        Answer accepted = client.post("/api/v1/cache/warm", warm(questions, "high"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("warming_job_id").asText();
        assertThat(accepted.json().path("progress_url").asText()).isEqualTo("/api/v1/cache/warm/" + id + "/status");

        Answer status = waitForStatus(id, "succeeded");
        assertThat(status.json().path("progress").path("done").asInt()).isEqualTo(3);
        assertThat(status.json().path("progress").path("total").asInt()).isEqualTo(3);
        assertThat(status.json().path("warmed").asInt()).isEqualTo(3);
        assertThat(simulator.started(AGENT_RUN)).isEqualTo(runsBefore + 3);

        Answer job = client.get("/api/v1/jobs/" + id);
        assertThat(job.json().path("kind").asText()).isEqualTo("cache:warm");
        assertThat(job.json().path("status").asText()).isEqualTo("succeeded");
        assertThat(jobEvents).filteredOn(e -> id.equals(e.payload().get("job_id")))
                .allMatch(e -> e.type().equals("job_progress") && e.owner().equals("test-cache-service"))
                .extracting(e -> e.payload().get("status")).contains("running", "succeeded");

        for (String question : questions) {
            Answer hit = client.post("/api/v1/query", GatewayClient.JSON.createObjectNode().put("query", question));
            assertThat(hit.json().path("metadata").path("cache_status").asText()).isEqualTo("hit");
        }
        assertThat(simulator.started(AGENT_RUN)).as("warmed answers need no upstream run").isEqualTo(runsBefore + 3);

        String again = client.post("/api/v1/cache/warm", warm(questions, "low")).json().path("warming_job_id").asText();
        assertThat(waitForStatus(again, "succeeded").json().path("skipped").asInt()).isEqualTo(3);
        assertThat(simulator.started(AGENT_RUN)).as("cached questions are not asked again").isEqualTo(runsBefore + 3);
    }

    @Test
    void cancellingAWarmJobAbortsTheCallInFlightAndAsksNothingMore() throws Exception {
        String tag = UUID.randomUUID().toString();
        long runsBefore = simulator.started(AGENT_RUN);
        long completedBefore = simulator.completed();
        // a short stall: the simulator holds the request for it even after the gateway hung up, and shutdown waits for it
        Answer accepted = client.post("/api/v1/cache/warm", warm(List.of("[[sim:stall seconds=8]] slow " + tag,
                "second " + tag, "third " + tag), "normal"));
        String id = accepted.json().path("warming_job_id").asText();
        waitUntil(() -> simulator.started(AGENT_RUN) == runsBefore + 1, "the first question reached the upstream");

        Answer cancelled = client.post("/api/v1/jobs/" + id + "/cancel", "");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("cancelled");

        // the worker publishes its end once the aborted call returned, before the stalled run would have answered
        waitUntil(() -> jobEvents.stream().anyMatch(e -> id.equals(e.payload().get("job_id"))
                && "cancelled".equals(e.payload().get("status"))), "the worker stopped");
        assertThat(simulator.completed()).as("the worker did not wait for the stalled answer").isEqualTo(completedBefore);
        Answer status = client.get("/api/v1/cache/warm/" + id + "/status");
        assertThat(status.json().path("status").asText()).isEqualTo("cancelled");
        assertThat(status.json().path("progress").path("done").asInt()).isZero();
        assertThat(simulator.started(AGENT_RUN)).as("no question after the cancel").isEqualTo(runsBefore + 1);
        Answer second = client.post("/api/v1/query", GatewayClient.JSON.createObjectNode().put("query", "second " + tag));
        assertThat(second.json().path("metadata").path("cache_status").asText()).isEqualTo("miss");
    }

    @Test
    void selectiveInvalidationRemovesExactlyTheMatchingEntries() throws Exception {
        String a = "inv-a-" + UUID.randomUUID();
        String b = "inv-b-" + UUID.randomUUID();
        ask(a, "alpha one", true);
        ask(a, "Alpha   two", true);
        ask(a, "beta one", true);
        ask(b, "alpha one", true);

        ObjectNode request = GatewayClient.JSON.createObjectNode().put("invalidation_type", "selective").put("reason", "test");
        request.putObject("criteria").put("prefix", a).put("pattern", "ALPHA *");
        Answer removed = client.delete("/api/v1/cache/entries", request);

        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().path("entries_affected").asInt()).isEqualTo(2);
        assertThat(removed.json().path("freed_memory_mb").asDouble()).isPositive();
        assertThat(removed.json().path("status").asText()).isEqualTo("completed");
        assertThat(ask(a, "alpha one", false)).isEqualTo("miss");
        assertThat(ask(a, "alpha two", false)).isEqualTo("miss");
        assertThat(ask(a, "beta one", false)).isEqualTo("hit");
        assertThat(ask(b, "alpha one", false)).isEqualTo("hit");

        ObjectNode byAge = GatewayClient.JSON.createObjectNode().put("invalidation_type", "selective").put("reason", "test");
        byAge.putObject("criteria").put("prefix", b).put("age_days", 1);
        assertThat(client.delete("/api/v1/cache/entries", byAge).json().path("entries_affected").asInt())
                .as("nothing of b is a day old").isZero();
    }

    @Test
    void statusReportsEntriesMemoryHitRateLatencyAndTokensSaved() throws Exception {
        String prefix = "status-" + UUID.randomUUID();
        ask(prefix, "how are sales", true);
        ask(prefix, "how are sales", false);

        Answer status = client.get("/api/v1/cache/status");

        assertThat(status.status()).as(status.body()).isEqualTo(200);
        assertThat(status.json().path("entries").asLong()).isPositive();
        assertThat(status.json().path("memory").path("estimated_bytes").asLong()).isPositive();
        assertThat(status.json().path("hit_rate").isNumber()).isTrue();
        assertThat(status.json().path("avg_hit_latency_ms").isNumber()).isTrue();
        assertThat(status.json().path("avg_miss_latency_ms").isNumber()).isTrue();
        assertThat(status.json().path("cost_saved_tokens").asLong()).isPositive();
    }

    private String ask(String prefix, String question, boolean expectMiss) throws Exception {
        ObjectNode body = GatewayClient.JSON.createObjectNode().put("query", question);
        body.putObject("cache_options").put("cache_prefix", prefix);
        Answer answer = client.post("/api/v1/query", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        String status = answer.json().path("metadata").path("cache_status").asText();
        if (expectMiss) {
            assertThat(status).isEqualTo("miss");
        }
        return status;
    }

    private Answer waitForStatus(String id, String expected) {
        return await("job " + id + " " + expected).atMost(Duration.ofSeconds(30))
                .until(() -> client.get("/api/v1/cache/warm/" + id + "/status"),
                        status -> status.json().path("status").asText().equals(expected));
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        await(what).atMost(Duration.ofSeconds(30)).until(condition::getAsBoolean);
    }

    private static ObjectNode warm(List<String> questions, String priority) {
        ObjectNode body = GatewayClient.JSON.createObjectNode().put("priority", priority);
        questions.forEach(body.putArray("queries")::add);
        return body;
    }
}
