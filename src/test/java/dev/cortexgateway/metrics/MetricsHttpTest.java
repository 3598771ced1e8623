package dev.cortexgateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The metrics endpoints over real HTTP: a report stored once per runId, the summary following the
 * traffic just made, the GenAI and overhead series on the Prometheus scrape after a chat stream and
 * a tool call, and the overhead header on tool answers.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
@AutoConfigureObservability
class MetricsHttpTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private GatewayClient admin;
    private String adminToken;

    @BeforeEach
    void login() throws Exception {
        admin = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
        adminToken = token("demo-admin", "demo-admin-test-secret");
    }

    @Test
    void theSameRunIdTwiceAnswers204BothTimesAndIsStoredOnce() throws Exception {
        GatewayClient bench = GatewayClient.login(port, "test-bench-service", "bench-service-test-secret");
        String runId = UUID.randomUUID().toString();
        ObjectNode report = report(runId);

        HttpResponse<String> first = post("/api/v1/metrics/report", report, token("test-bench-service", "bench-service-test-secret"));
        Answer second = bench.post("/api/v1/metrics/report", report);
        // the same run spelled in capitals is still the same run
        Answer third = bench.post("/api/v1/metrics/report", report(runId.toUpperCase()));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(204);
        assertThat(first.body()).isEmpty();
        assertThat(first.headers().firstValue("X-Idempotent-Replay")).isEmpty();
        assertThat(second.status()).as(second.body()).isEqualTo(204);
        assertThat(third.status()).as(third.body()).isEqualTo(204);
        assertThat(jdbc.queryForObject("select count(*) from metric_reports where lower(run_id) = ?", Long.class, runId))
                .isEqualTo(1L);
        assertThat(jdbc.queryForObject("select submitted_by from metric_reports where run_id = ?", String.class, runId))
                .isEqualTo("test-bench-service");
    }

    @Test
    void aRepeatIsMarkedAsAReplay() throws Exception {
        String token = token("test-bench-service", "bench-service-test-secret");
        ObjectNode report = report(UUID.randomUUID().toString());
        post("/api/v1/metrics/report", report, token);
        HttpResponse<String> again = post("/api/v1/metrics/report", report, token);
        assertThat(again.statusCode()).isEqualTo(204);
        assertThat(again.headers().firstValue("X-Idempotent-Replay")).hasValue("true");
    }

    @Test
    void theSummaryFollowsTheTrafficJustMade() throws Exception {
        JsonNode before = admin.get("/api/v1/metrics").json();
        long toolCallsBefore = before.path("tools").path("data_to_chart").path("calls").asLong(0);
        long reportsBefore = before.path("reports").path("stored").asLong();

        for (int i = 0; i < 3; i++) {
            Answer chart = admin.post("/api/v1/tools/data_to_chart", chart());
            assertThat(chart.status()).as(chart.body()).isEqualTo(200);
        }
        Answer missing = admin.post("/api/v1/tools/no_such_tool", GatewayClient.JSON.createObjectNode());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(admin.post("/api/v1/metrics/report", report(UUID.randomUUID().toString())).status()).isEqualTo(204);

        Answer after = admin.get("/api/v1/metrics");
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        JsonNode summary = after.json();
        assertThat(summary.path("window").asText()).isEqualTo("5m");
        assertThat(summary.path("requests").asLong()).isGreaterThan(before.path("requests").asLong() + 4);
        assertThat(summary.path("requestsPerMinute").asDouble()).isPositive();
        assertThat(summary.path("latencyMs").path("p50").isNumber()).as(summary.toString()).isTrue();
        assertThat(summary.path("latencyMs").path("p99").asDouble())
                .isGreaterThanOrEqualTo(summary.path("latencyMs").path("p50").asDouble());
        assertThat(summary.path("clientErrorRate").asDouble()).isPositive();
        JsonNode toolsCall = summary.path("routes").path("tools-call");
        assertThat(toolsCall.path("requests").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(toolsCall.path("clientErrors").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode chartTool = summary.path("tools").path("data_to_chart");
        assertThat(chartTool.path("calls").asLong()).isEqualTo(toolCallsBefore + 3);
        assertThat(chartTool.path("avgMs").isNumber()).isTrue();
        assertThat(summary.path("reports").path("stored").asLong()).isEqualTo(reportsBefore + 1);
        assertThat(Instant.parse(summary.path("reports").path("lastReceivedAt").asText())).isNotNull();
        // nothing has used the answer cache: no made-up hit rate
        assertThat(summary.path("cacheHitRate").isNull()).as(summary.toString()).isTrue();
        assertThat(summary.path("cache").path("hits").asLong()).isZero();
    }

    @Test
    void toolAnswersCarryTheGatewayOverheadAsANumber() throws Exception {
        ObjectNode sql = GatewayClient.JSON.createObjectNode()
                .put("sql", "SELECT name FROM customers").put("sessionId", UUID.randomUUID().toString());
        HttpResponse<String> call = post("/api/v1/tools/sql_exec", sql, adminToken);
        HttpResponse<String> failed = post("/api/v1/tools/sql_exec",
                GatewayClient.JSON.createObjectNode().put("sql", "DELETE FROM customers")
                        .put("sessionId", UUID.randomUUID().toString()), adminToken);
        ObjectNode execute = GatewayClient.JSON.createObjectNode();
        execute.set("arguments", chart());
        HttpResponse<String> executed = post("/api/v1/tools/data_to_chart/execute", execute, adminToken);

        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(400);
        assertThat(executed.statusCode()).as(executed.body()).isEqualTo(200);
        for (HttpResponse<String> answer : java.util.List.of(call, failed, executed)) {
            String overhead = answer.headers().firstValue("X-Gateway-Overhead-Ms").orElseThrow();
            assertThat(overhead).matches("[0-9]+\\.[0-9]{2}");
            assertThat(Double.parseDouble(overhead)).isGreaterThanOrEqualTo(0);
        }
        // not a proxied answer
        assertThat(post("/api/v1/metrics/report", report(UUID.randomUUID().toString()), adminToken)
                .headers().firstValue("X-Gateway-Overhead-Ms")).isEmpty();
    }

    @Test
    void theScrapeHasTheGenAiAndOverheadSeriesAfterAChatStreamAndAToolCall() throws Exception {
        HttpResponse<String> stream = post("/api/v1/chat", chatRequest("What does the gateway do?"), adminToken);
        assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
        assertThat(stream.body()).contains("event: token").contains("event: final");
        assertThat(stream.headers().firstValue("X-Gateway-Overhead-Ms")).isEmpty();
        HttpResponse<String> search = post("/api/v1/tools/cortex_search",
                GatewayClient.JSON.createObjectNode().put("query", "gateway"), adminToken);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);

        String scrape = scrape();

        assertThat(scrape)
                .containsPattern("gen_ai_client_operation_duration_seconds_bucket\\{[^}]*gen_ai_operation_name=\"chat\"[^}]*gen_ai_provider_name=\"snowflake\"")
                .containsPattern("gen_ai_client_operation_duration_seconds_count\\{[^}]*gen_ai_operation_name=\"execute_tool\"[^}]*gen_ai_tool_name=\"cortex_search\"")
                .containsPattern("gen_ai_client_token_usage_bucket\\{[^}]*gen_ai_token_type=\"input\"")
                .containsPattern("gen_ai_client_token_usage_count\\{[^}]*gen_ai_token_type=\"output\"")
                .containsPattern("gen_ai_server_time_to_first_token_seconds_count\\{[^}]*gen_ai_operation_name=\"chat\"")
                .containsPattern("gateway_overhead_seconds_bucket\\{[^}]*route=\"chat-stream\"")
                .containsPattern("gateway_overhead_seconds_bucket\\{[^}]*route=\"tools-call\"");
    }

    @Test
    void aFailedToolCallIsTaggedWithItsErrorType() throws Exception {
        HttpResponse<String> failed = post("/api/v1/tools/cortex_search",
                GatewayClient.JSON.createObjectNode().put("query", "[[sim:status code=503]]"), adminToken);
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(424);
        assertThat(scrape()).containsPattern(
                "gen_ai_client_operation_duration_seconds_count\\{[^}]*error_type=\"UPSTREAM_ERROR\"[^}]*gen_ai_tool_name=\"cortex_search\"");
    }

    @Test
    void everyDashboardQueryNamesMetricsThatTheScrapeHas() throws Exception {
        JsonNode dashboard = GatewayClient.JSON.readTree(Files.readString(Path.of("deploy/grafana/cortex-gateway-dashboard.json")));
        assertThat(metricNames("sum by (route) (rate(a_total{x=\"y\"}[$__rate_interval])) / on (route) b_count"))
                .containsExactly("a_total", "b_count");
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.path("templating").path("list").findValuesAsText("type")).contains("datasource");
        // the traffic every panel needs: a chat stream, tool calls that succeed and fail, a report
        assertThat(post("/api/v1/chat", chatRequest("What does the gateway do?"), adminToken).statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/tools/data_to_chart", chart(), adminToken).statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/tools/no_such_tool", GatewayClient.JSON.createObjectNode(), adminToken).statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/metrics/report", report(UUID.randomUUID().toString()), adminToken).statusCode()).isEqualTo(204);
        String scrape = scrape();

        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            panel.path("targets").forEach(target -> exprs.add(target.path("expr").asText()));
        }
        assertThat(exprs).hasSizeGreaterThan(10);
        for (String expr : exprs) {
            List<String> names = metricNames(expr);
            assertThat(names).as(expr).isNotEmpty();
            for (String name : names) {
                assertThat(Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(scrape).find())
                        .as("%s (in %s) is on /actuator/prometheus", name, expr).isTrue();
            }
        }
    }

    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "irate",
            "increase", "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "and",
            "or", "unless", "offset", "bool", "topk", "bottomk", "clamp_min", "clamp_max", "abs", "delta", "le");

    /** The metric names of a PromQL expression: what is left without label matchers, groupings, ranges and functions. */
    static List<String> metricNames(String expr) {
        String bare = expr.replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\$\\w+", " ");
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?<![\\w.])[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
        while (m.find()) {
            if (!PROMQL_WORDS.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }

    private String scrape() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> post(String path, Object body, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(GatewayClient.JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String token(String clientId, String secret) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GatewayClient.JSON.createObjectNode()
                        .put("grant_type", "client_credentials").put("client_id", clientId).put("client_secret", secret)
                        .toString())).build(), HttpResponse.BodyHandlers.ofString());
        return GatewayClient.JSON.readTree(answer.body()).path("access_token").asText();
    }

    static ObjectNode report(String runId) {
        ObjectNode report = GatewayClient.JSON.createObjectNode().put("client", "react").put("runId", runId);
        report.putObject("metrics").put("ttftMsP50", 120).put("errors", 0);
        report.putArray("events").addObject().put("runId", runId).put("client", "react").put("metric", "ttft_ms")
                .put("value", 118.5).put("timestamp", "2026-01-01T00:00:00Z");
        return report;
    }

    private static ObjectNode chart() {
        ObjectNode chart = GatewayClient.JSON.createObjectNode().put("chartType", "bar");
        chart.putObject("data").putArray("rows").addObject().put("quarter", "Q1").put("revenue", 10);
        return chart;
    }

    static ObjectNode chatRequest(String question) {
        ObjectNode request = GatewayClient.JSON.createObjectNode().put("sessionId", UUID.randomUUID().toString());
        request.putArray("messages").addObject().put("id", UUID.randomUUID().toString()).put("role", "user")
                .put("content", question).put("timestamp", Instant.now().toString());
        return request;
    }
}
