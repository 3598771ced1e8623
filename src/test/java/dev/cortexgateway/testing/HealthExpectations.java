package dev.cortexgateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the detailed health report of a test gateway must say. Its database, stores, warehouse and
 * routes are up, so what can vary is what only degrades: the upstream probe, which connects to
 * {@code gateway.cortex.base-url} (in a random-port context that follows the simulator's port as
 * the configuration resolved it, which a context may not be able to reach), and the circuit breakers
 * (Spring shares a context between test classes of the same configuration, and a test may open one on
 * purpose). The status asserted is the one those components call for: "degraded" when the upstream
 * is down or a breaker is not closed, "healthy" otherwise; never "unhealthy".
 */
public final class HealthExpectations {

    private HealthExpectations() {
    }

    public static void assertStatusFollowsTheComponents(JsonNode report) {
        JsonNode components = report.path("components");
        assertThat(components.path("database").path("status").asText()).as("database").isEqualTo("healthy");
        for (Map.Entry<String, JsonNode> store : components.path("stores").properties()) {
            assertThat(store.getValue().path("status").asText()).as("store " + store.getKey()).isEqualTo("up");
        }
        assertThat(components.path("stores").isEmpty()).as("stores reported").isFalse();
        assertThat(components.path("warehouse").path("status").asText()).as("warehouse").isEqualTo("up");
        String upstream = components.path("upstream").path("status").asText();
        assertThat(upstream).as("upstream").isIn("up", "down");
        assertThat(components.path("routes").path("stopped").asInt(-1)).as("stopped routes").isZero();

        List<String> notClosed = new ArrayList<>();
        for (Map.Entry<String, JsonNode> breaker : components.path("circuitBreakers").properties()) {
            if (!"closed".equals(breaker.getValue().path("state").asText())) {
                notClosed.add(breaker.getKey());
            }
        }
        assertThat(report.path("status").asText()).as("status with the upstream %s and breakers not closed: %s", upstream, notClosed)
                .isEqualTo("up".equals(upstream) && notClosed.isEmpty() ? "healthy" : "degraded");
    }
}
