package dev.cortexgateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * gateway.upstreams.cortex.retry.tools=true: a tool call that Cortex refuses with a 5xx is tried
 * max-attempts times (the tool template's tool-retries-cortex), then answered 424; the retries counter
 * says so. The tool template wraps its circuit breaker in a pipeline step for this: as a route's
 * first-level step, the breaker's failure was never redelivered.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gateway.upstreams.cortex.retry.tools=true", "gateway.upstreams.cortex.retry.initial-backoff=10",
                "gateway.upstreams.cortex.retry.max-backoff=20"})
@ActiveProfiles({"local", "test"})
@AutoConfigureObservability
class ToolRetriesHttpTest {

    private static final String RETRIES = "gateway_upstream_retries_total";

    @LocalServerPort
    int port;

    @Test
    void aCortexToolRefusedWith503IsTriedThreeTimesThenA424() throws Exception {
        GatewayClient client = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
        double before = retries();

        GatewayClient.Answer answer = client.post("/api/v1/tools/cortex_search",
                Map.of("query", "[[sim:status code=503]] travel policy"));

        assertThat(answer.status()).isEqualTo(424);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("UPSTREAM_DEPENDENCY_FAILED");
        // the first call and two retries (max-attempts 3)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(retries()).isEqualTo(before + 2));
    }

    @Test
    void aCortexToolThatSucceedsIsCalledOnce() throws Exception {
        GatewayClient client = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
        double before = retries();

        GatewayClient.Answer answer = client.post("/api/v1/tools/cortex_search", Map.of("query", "travel policy"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(retries()).isEqualTo(before);
    }

    private double retries() throws Exception {
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : scrape.body().split("\n")) {
            if (line.startsWith(RETRIES + "{") && line.contains("upstream=\"cortex\"") && line.contains("kind=\"tool\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
