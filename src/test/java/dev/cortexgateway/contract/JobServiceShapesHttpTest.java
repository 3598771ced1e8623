package dev.cortexgateway.contract;

import static dev.cortexgateway.testing.SeedExamples.JOBS;
import static dev.cortexgateway.testing.SeedExamples.assertHoldsSeedKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The job service's contracts over real HTTP: the idempotent cancel (CancellationResponse, 200 with
 * the final state also when the job had already finished), config validation (200 for valid and
 * invalid, field-level errors with hints) and the error-code registry where it applies. Each answer
 * holds every key path of the contract's {@code jobs-004} example.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class JobServiceShapesHttpTest {

    @LocalServerPort
    int port;

    private GatewayClient tools;
    private GatewayClient admin;

    @BeforeEach
    void login() throws Exception {
        tools = GatewayClient.login(port, "test-tools-service", "tools-service-test-secret");
        admin = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
    }

    @Test
    void cancellingARunningJobAnswersTheCancellationResponseAndIsIdempotent() throws Exception {
        Answer accepted = tools.post("/api/v1/tools/sql_exec/execute", execute(FactToolShapesHttpTest.LONG_QUERY, true));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String jobId = accepted.json().path("jobId").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> tools.get("/api/v1/jobs/" + jobId), a -> "running".equals(a.json().path("status").asText()));

        Answer cancelled = tools.post("/api/v1/jobs/" + jobId + "/cancel", "");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertHoldsSeedKeys("cancelJob", "200", JOBS, cancelled.json());
        JsonNode answer = cancelled.json();
        assertThat(answer.path("job_id").asText()).isEqualTo(jobId);
        assertThat(answer.path("status").asText()).isEqualTo("cancelled");
        assertThat(answer.path("message").asText()).isEqualTo("The job was cancelled and its work stopped");
        Instant cancelledAt = Instant.parse(answer.path("cancelled_at").asText());
        assertThat(cancelledAt).isBetween(Instant.now().minusSeconds(60), Instant.now());

        Answer again = tools.post("/api/v1/jobs/" + jobId + "/cancel", "");
        assertThat(again.status()).isEqualTo(200);
        assertHoldsSeedKeys("cancelJob", "200", JOBS, again.json());
        assertThat(again.json().path("status").asText()).isEqualTo("cancelled");
        assertThat(again.json().path("cancelled_at").asText()).isEqualTo(answer.path("cancelled_at").asText());
        assertThat(again.json().path("message").asText()).isEqualTo("The job had already been cancelled");
    }

    @Test
    void cancellingAFinishedJobAnswers200WithItsFinalState() throws Exception {
        Answer finished = tools.post("/api/v1/tools/sql_exec/execute", execute("SELECT 1 AS one", false));
        assertThat(finished.status()).as(finished.body()).isEqualTo(200);
        String jobId = finished.json().path("jobId").asText();

        Answer cancelled = tools.post("/api/v1/jobs/" + jobId + "/cancel", "");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertHoldsSeedKeys("cancelJob", "200", JOBS, cancelled.json());
        assertThat(cancelled.json().path("status").asText()).isEqualTo("succeeded");
        assertThat(cancelled.json().path("cancelled_at").isNull()).isTrue();
        assertThat(cancelled.json().path("message").asText()).isEqualTo("The job had already finished (succeeded); nothing was cancelled");
    }

    @Test
    void cancellingAnUnknownJobIsJobNotFound() throws Exception {
        Answer answer = tools.post("/api/v1/jobs/" + UUID.randomUUID() + "/cancel", "");

        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        assertHoldsSeedKeys("cancelJob", "404", JOBS, answer.json());
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("JOB_NOT_FOUND");
    }

    @Test
    void validatingAnInvalidConfigAnswers200WithFieldErrorsAndHints() throws Exception {
        Answer answer = admin.post("/api/v1/pipelines/validate", """
                {"kind": "route", "id": "tools-list", "settings": {"rateLimit": {"capacity": 10, "refillTokens": 20, "refillPeriod": "1m"}}}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertHoldsSeedKeys("validatePipeline", "200", JOBS, answer.json());
        assertThat(answer.json().path("valid").asBoolean(true)).isFalse();
        JsonNode error = answer.json().path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("/settings/rateLimit/refillTokens");
        assertThat(error.path("hint").asText()).isNotBlank();
    }

    @Test
    void validatingAValidConfigAnswers200WithNoErrors() throws Exception {
        Answer answer = admin.post("/api/v1/pipelines/validate", """
                {"kind": "route", "id": "tools-list", "settings": {"timeout": "10s", "rateLimit": {"capacity": 10, "refillTokens": 10, "refillPeriod": "1m"}}}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("valid").asBoolean()).isTrue();
        assertThat(answer.json().path("errors").size()).isZero();
    }

    @Test
    void errorCodesOfTheRegistryThatApply() throws Exception {
        Answer unknownPipeline = admin.get("/api/v1/pipelines/no-such-pipeline");
        assertThat(unknownPipeline.status()).isEqualTo(404);
        assertThat(unknownPipeline.json().path("error").path("code").asText()).isEqualTo("PIPELINE_NOT_FOUND");

        Answer invalidConfig = admin.post("/api/v1/tools", """
                {"name": "deletes_things", "kind": "sql_template", "description": "Not read-only", "sql": "DELETE FROM orders"}""");
        assertThat(invalidConfig.status()).as(invalidConfig.body()).isEqualTo(400);
        assertThat(invalidConfig.json().path("error").path("code").asText()).isEqualTo("INVALID_CONFIG");
        assertThat(invalidConfig.json().path("error").path("details").path("fields").get(0).path("field").asText()).isEqualTo("/sql");

        HttpResponse<String> noToken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/" + UUID.randomUUID() + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(GatewayClient.JSON.readTree(noToken.body()).path("error").path("code").asText()).isEqualTo("UNAUTHORIZED");

        Answer notAdmin = tools.post("/api/v1/pipelines/validate", "{\"kind\": \"route\", \"id\": \"tools-list\", \"settings\": {}}");
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.json().path("error").path("code").asText()).isEqualTo("FORBIDDEN");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode execute(String statement, boolean async) {
        com.fasterxml.jackson.databind.node.ObjectNode request = GatewayClient.JSON.createObjectNode();
        request.set("arguments", FactToolShapesHttpTest.sql(statement));
        request.putObject("execution_options").put("timeout_seconds", 120).put("async", async);
        return request;
    }
}
