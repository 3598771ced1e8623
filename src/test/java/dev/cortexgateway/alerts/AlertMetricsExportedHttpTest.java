package dev.cortexgateway.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.alerts.AlertRules.Alert;
import dev.cortexgateway.testing.GatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every metric an alert rule reads is one the gateway really exports: a real gateway on a random
 * port serves a request, a 429, a tool call, a chat and a cached query, then each metric name in
 * each rule expression (PromQlMetricNames) must be on its /actuator/prometheus scrape. A renamed
 * meter fails here instead of leaving an alert that can never fire.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                // one history call per hour, so the second one is a 429
                "gateway.rate-limits.groups.history.capacity=1",
                "gateway.rate-limits.groups.history.refill-tokens=1",
                "gateway.rate-limits.groups.history.refill-period=1h"})
@ActiveProfiles({"local", "test"})
@AutoConfigureObservability
class AlertMetricsExportedHttpTest {

    /** Series Prometheus writes itself for each scrape target; no application exports them. */
    private static final Set<String> WRITTEN_BY_PROMETHEUS = Set.of("up");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Test
    void everyMetricNameInTheAlertRulesIsOnTheScrape() throws Exception {
        GatewayClient admin = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
        assertThat(admin.get("/api/v1/health").status()).isEqualTo(200);
        String history = "/api/v1/history/" + UUID.randomUUID();
        admin.get(history);
        GatewayClient.Answer limited = admin.get(history);
        assertThat(limited.status()).as(limited.body()).isEqualTo(429);
        GatewayClient.Answer tool = admin.post("/api/v1/tools/data_to_chart", chart());
        assertThat(tool.status()).as(tool.body()).isEqualTo(200);
        HttpResponse<String> chat = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/chat"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin.token())
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(chatRequest("What does the gateway do?").toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        assertThat(chat.body()).contains("event: final");
        ObjectNode query = GatewayClient.JSON.createObjectNode().put("query", "What does the gateway do?");
        assertThat(admin.post("/api/v1/query", query).status()).isEqualTo(200);
        assertThat(admin.post("/api/v1/query", query).status()).isEqualTo(200);

        String scrape = scrape();
        // the series added for the rules carry the labels the rules group by
        assertThat(scrape).contains("gateway_rate_limit_rejected_total{bucket=\"caller\",client=\"demo-admin\",group=\"history\"} 1.0");
        assertThat(scrape).contains("gateway_route_responses_total{route=\"history-page\",status=\"429\"} 1.0");
        assertThat(scrape).contains("gateway_cache_lookups_total{result=\"hit\"} 1.0");
        assertThat(scrape).contains("gateway_ready 1.0");

        Set<String> prometheusMade = new java.util.HashSet<>();
        Set<String> checked = new java.util.HashSet<>();
        for (Alert alert : AlertRules.alerts()) {
            Set<String> names = PromQlMetricNames.of(alert.expr());
            assertThat(names).as("metric names in %s", alert.name()).isNotEmpty();
            for (String name : names) {
                if (WRITTEN_BY_PROMETHEUS.contains(name)) {
                    prometheusMade.add(name);
                    continue;
                }
                assertThat(Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(scrape).find())
                        .as("%s (alert %s) is on /actuator/prometheus", name, alert.name()).isTrue();
                checked.add(name);
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(10).contains("gateway_route_responses_total",
                "gen_ai_server_time_to_first_token_seconds_bucket", "gateway_store_up");
        assertThat(prometheusMade).as("the exception list holds only what a rule uses").isEqualTo(WRITTEN_BY_PROMETHEUS);
    }

    private String scrape() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    private static ObjectNode chart() {
        ObjectNode chart = GatewayClient.JSON.createObjectNode().put("chartType", "bar");
        chart.putObject("data").putArray("rows").addObject().put("quarter", "Q1").put("revenue", 10);
        return chart;
    }

    private static ObjectNode chatRequest(String question) {
        ObjectNode request = GatewayClient.JSON.createObjectNode().put("sessionId", UUID.randomUUID().toString());
        request.putArray("messages").addObject().put("id", UUID.randomUUID().toString()).put("role", "user")
                .put("content", question).put("timestamp", Instant.now().toString());
        return request;
    }
}
