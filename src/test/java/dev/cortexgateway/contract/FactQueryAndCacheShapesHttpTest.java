package dev.cortexgateway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.SeedExamples;
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
 * The FACT specification's answers for query, health, metrics, cache and auth, over real HTTP: each
 * test makes the call the specification shows (after setup that makes its arrays non-empty) and checks
 * that the answer holds every key path of the specification's example, which the contract carries as
 * the media-type example {@code fact-003}; rate-limited answers also carry the four limit headers with
 * sane values.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class FactQueryAndCacheShapesHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATA_QUESTION = "What was the revenue by quarter in 2024?";
    private static final String DOCUMENT_QUESTION = "What is the refund policy?";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    @BeforeEach
    void login() throws Exception {
        token = tokenAnswer().json().path("access_token").asText();
    }

    @Test
    void queryAnswerHoldsTheSpecificationsKeys() throws Exception {
        String tag = " " + UUID.randomUUID();
        Answer answer = post("/api/v1/query", question(DATA_QUESTION + tag, null));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        SeedExamples.assertHoldsSeedKeys("query", "200", SeedExamples.FACT, answer.json());
        assertThat(answer.json().path("status").asText()).isEqualTo("success");
        assertThat(answer.json().path("metadata").path("confidence_score").isNull()).isTrue();
        JsonNode source = answer.json().path("sources").path(0);
        assertThat(source.path("type").asText()).isEqualTo("database");
        assertThat(source.path("query").asText()).startsWith("SELECT");
        assertThat(source.path("table").asText()).isEqualTo("revenue_by_quarter");
        assertThat(source.path("timestamp").isNull()).isTrue();
        assertRateLimitHeaders(answer);

        Answer cited = post("/api/v1/query", question(DOCUMENT_QUESTION + tag, null));
        assertThat(cited.status()).as(cited.body()).isEqualTo(200);
        SeedExamples.assertHoldsSeedKeys("query", "200", SeedExamples.FACT, cited.json());
        assertThat(cited.json().path("sources")).isNotEmpty()
                .allSatisfy(document -> assertThat(document.path("type").asText()).isEqualTo("document"));
    }

    @Test
    void queryStatusHoldsTheSpecificationsKeys() throws Exception {
        Answer asked = post("/api/v1/query", question(DATA_QUESTION + " " + UUID.randomUUID(), null));
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        String id = asked.json().path("query_id").asText();

        // the query was asked for user_id user@example.com: its record is that user's (docs/identity.md)
        Answer status = get("/api/v1/query/" + id + "/status?user_id=user@example.com");

        assertThat(status.status()).as(status.body()).isEqualTo(200);
        SeedExamples.assertHoldsSeedKeys("getQueryStatus", "200", SeedExamples.FACT, status.json());
        assertThat(status.json().path("status").asText()).isEqualTo("completed");
        assertThat(status.json().path("progress").path("current_step").asText()).isEqualTo("done");
        assertThat(status.json().path("progress").path("total_steps").asInt()).isEqualTo(4);
        assertThat(status.json().path("progress").path("completion_percent").asInt()).isEqualTo(100);
        assertThat(status.json().path("estimated_completion").isNull()).isTrue();
        assertThat(status.json().path("completed_at").asText()).isEqualTo(status.json().path("finished_at").asText());
        assertRateLimitHeaders(status);
    }

    @Test
    void detailedHealthHoldsTheSpecificationsKeys() throws Exception {
        Answer health = get("/api/v1/health?detailed=true");

        assertThat(health.status()).as(health.body()).isEqualTo(200);
        SeedExamples.assertHoldsSeedKeys("getHealth", "200", SeedExamples.FACT, health.json(), "components.external_services");
        JsonNode components = health.json().path("components");
        assertThat(components.path("database").path("status").asText()).isEqualTo("healthy");
        assertThat(components.path("database").path("connection_pool").path("max").asInt()).isPositive();
        assertThat(components.path("tools").path("registered_count").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(components.path("external_services").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("cortex", "warehouse", "http");
        assertThat(health.headers().firstValue("X-RateLimit-Limit")).as("health is not rate limited").isEmpty();
    }

    @Test
    void metricsSummaryHoldsTheSpecificationsKeys() throws Exception {
        ObjectNode chart = JSON.createObjectNode().put("chartType", "bar");
        chart.putObject("data").putArray("rows").addObject().put("region", "NA").put("revenue", 1);
        Answer called = post("/api/v1/tools/data_to_chart", chart);
        assertThat(called.status()).as(called.body()).isEqualTo(200);
        assertThat(post("/api/v1/query", question(DOCUMENT_QUESTION + " " + UUID.randomUUID(), null)).status()).isEqualTo(200);

        Answer metrics = get("/api/v1/metrics");

        assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
        SeedExamples.assertHoldsSeedKeys("getMetrics", "200", SeedExamples.FACT, metrics.json());
        JsonNode tools = metrics.json().path("tool_metrics");
        assertThat(tools.path("total_executions").asLong()).isPositive();
        assertThat(tools.path("most_used")).extracting(tool -> tool.path("name").asText()).contains("data_to_chart");
        assertThat(metrics.json().path("performance").path("queries_per_minute").asDouble()).isPositive();
    }

    @Test
    void cacheStatusHoldsTheSpecificationsKeys() throws Exception {
        String prefix = "fact-status-" + UUID.randomUUID();
        assertThat(post("/api/v1/query", question(DOCUMENT_QUESTION, prefix)).json().path("metadata").path("cache_status").asText())
                .isEqualTo("miss");
        assertThat(post("/api/v1/query", question(DOCUMENT_QUESTION, prefix)).json().path("metadata").path("cache_status").asText())
                .isEqualTo("hit");

        Answer status = get("/api/v1/cache/status");

        assertThat(status.status()).as(status.body()).isEqualTo(200);
        SeedExamples.assertHoldsSeedKeys("getCacheStatus", "200", SeedExamples.FACT, status.json());
        assertThat(status.json().path("cost_savings").path("currency").asText()).isEqualTo("tokens");
        assertThat(status.json().path("cost_savings").path("total_saved").asLong()).isPositive();
        assertThat(status.json().path("cost_savings").path("savings_percent").asDouble()).isBetween(0.0, 100.0);
        assertThat(status.json().path("memory_usage").path("current_mb").asDouble()).isPositive();
        assertThat(status.json().path("performance").path("hit_rate").asDouble()).isBetween(0.0, 100.0);
        assertRateLimitHeaders(status);
    }

    @Test
    void cacheWarmHoldsTheSpecificationsKeys() throws Exception {
        String tag = " " + UUID.randomUUID();
        ObjectNode body = JSON.createObjectNode().put("priority", "high").put("async", true);
        body.putArray("queries").add("What is the latest quarterly revenue?" + tag)
                .add("Show me the annual financial summary" + tag).add("What are the key performance indicators?" + tag);

        Answer accepted = post("/api/v1/cache/warm", body);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        SeedExamples.assertHoldsSeedKeys("warmCache", "202", SeedExamples.FACT, accepted.json());
        assertThat(accepted.json().path("status").asText()).isEqualTo("initiated");
        assertThat(accepted.json().path("total_queries").asInt()).isEqualTo(3);
        assertThat(accepted.json().path("estimated_completion_time").isNull()).isTrue();
        assertRateLimitHeaders(accepted);
        String progressUrl = accepted.json().path("progress_url").asText();
        Answer finished = await("the warm-up behind " + progressUrl).atMost(Duration.ofSeconds(30))
                .until(() -> get(progressUrl), answer -> "succeeded".equals(answer.json().path("status").asText()));
        assertThat(finished.json().path("warmed").asInt()).isEqualTo(3);
        assertRateLimitHeaders(finished);
    }

    @Test
    void cacheInvalidationHoldsTheSpecificationsKeys() throws Exception {
        String prefix = "fact-invalidate-" + UUID.randomUUID();
        assertThat(post("/api/v1/query", question("revenue of the first quarter", prefix)).status()).isEqualTo(200);
        assertThat(post("/api/v1/query", question("revenue of the second quarter", prefix)).status()).isEqualTo(200);
        ObjectNode body = JSON.createObjectNode().put("invalidation_type", "selective").put("reason", "Data schema updated");
        body.putObject("criteria").put("prefix", prefix).put("age_days", 0).put("pattern", "revenue*");

        Answer removed = delete("/api/v1/cache/entries", body);

        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        SeedExamples.assertHoldsSeedKeys("invalidateCache", "200", SeedExamples.FACT, removed.json());
        assertThat(removed.json().path("entries_affected").asInt()).isEqualTo(2);
        assertThat(removed.json().path("freed_memory_mb").asDouble()).isPositive();
        assertThat(removed.json().path("status").asText()).isEqualTo("completed");
        assertRateLimitHeaders(removed);
    }

    @Test
    void tokenGrantHoldsTheSpecificationsKeys() throws Exception {
        Answer granted = tokenAnswer();

        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        SeedExamples.assertHoldsSeedKeys("createAccessToken", "200", SeedExamples.FACT, granted.json());
        assertThat(granted.json().path("scope").asText()).isEqualTo("query tools cache admin");
        Instant issued = Instant.parse(granted.json().path("issued_at").asText());
        assertThat(issued).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertRateLimitHeaders(granted);
    }

    @Test
    void tokenValidationHoldsTheSpecificationsKeys() throws Exception {
        Answer valid = get("/api/v1/auth/validate");

        assertThat(valid.status()).as(valid.body()).isEqualTo(200);
        SeedExamples.assertHoldsSeedKeys("validateToken", "200", SeedExamples.FACT, valid.json());
        JsonNode info = valid.json().path("token_info");
        assertThat(info.path("client_id").asText()).isEqualTo("demo-admin");
        assertThat(info.path("scopes")).extracting(JsonNode::asText).containsExactly("admin", "cache", "query", "tools");
        assertThat(valid.json().path("user_info").path("user_id").isNull()).as("a confidential client's token names no end user").isTrue();
        assertThat(valid.json().path("user_info").path("permissions").isNull()).isTrue();
        assertRateLimitHeaders(valid);
    }

    /** The four headers, with a reset that is an epoch second at most one window from now. */
    private static void assertRateLimitHeaders(Answer answer) {
        long limit = Long.parseLong(answer.headers().firstValue("X-RateLimit-Limit").orElseThrow());
        long remaining = Long.parseLong(answer.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        long window = Long.parseLong(answer.headers().firstValue("X-RateLimit-Window").orElseThrow());
        long reset = Long.parseLong(answer.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        long now = Instant.now().getEpochSecond();
        assertThat(remaining).isBetween(0L, limit - 1);
        // the test profile's groups refill their whole capacity every second
        assertThat(window).isEqualTo(1);
        assertThat(reset).as("reset %d, now %d", reset, now).isBetween(now - 1, now + window + 1);
    }

    private Answer tokenAnswer() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("grant_type", "client_credentials").put("client_id", "demo-admin")
                .put("client_secret", "demo-admin-test-secret").put("scope", "query tools cache admin");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/auth/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        return send(request, false);
    }

    private static ObjectNode question(String text, String prefix) {
        ObjectNode body = JSON.createObjectNode().put("query", text).put("user_id", "user@example.com");
        if (prefix != null) {
            body.putObject("cache_options").put("use_cache", true).put("cache_prefix", prefix);
        }
        return body;
    }

    private Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), true);
    }

    private Answer post(String path, JsonNode body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), true);
    }

    private Answer delete(String path, JsonNode body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body.toString())), true);
    }

    private Answer send(HttpRequest.Builder request, boolean authenticated) throws Exception {
        if (authenticated) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()), response.body(), response.headers());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private record Answer(int status, JsonNode json, String body, java.net.http.HttpHeaders headers) {
    }
}
