package dev.cortexgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import dev.cortexgateway.testing.GatewayCluster;
import dev.cortexgateway.testing.RequiresPostgres;
import dev.cortexgateway.testing.RequiresRedis;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateways on the cluster profile (PostgreSQL, Redis): a client's daily token budget spent on
 * one instance refuses its next request on the other (the counters are in the shared database), its
 * tokens per minute hold across both (the buckets are in Redis), and either instance sums the usage
 * records both wrote.
 */
@RequiresPostgres
@RequiresRedis
class UsageAcrossInstancesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    static GatewayCluster cluster;

    @BeforeAll
    static void startTwoInstances() {
        cluster = GatewayCluster.start(2,
                "--gateway.usage.flush-interval=20ms",
                "--gateway.usage.budgets.clients.test-query-service.daily-tokens=1",
                "--gateway.usage.tokens-per-minute.clients.test-other-query-service=1");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aBudgetSpentOnOneInstanceRefusesTheNextRequestOnTheOther() throws Exception {
        GatewayClient onA = GatewayClient.login(cluster.port(0), "test-query-service", "query-service-test-secret");
        GatewayClient onB = GatewayClient.login(cluster.port(1), "test-query-service", "query-service-test-secret");

        Answer first = onA.post("/api/v1/query", question());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        long tokens = first.json().path("metadata").path("token_cost").asLong();
        assertThat(tokens).isPositive();

        for (GatewayClient client : new GatewayClient[] {onB, onA}) {
            Answer refused = client.post("/api/v1/query", question());
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            JsonNode details = refused.json().path("error").path("details");
            assertThat(refused.json().path("error").path("code").asText()).isEqualTo("BUDGET_EXCEEDED");
            assertThat(details.path("usedTokens").asLong()).isEqualTo(tokens);
            assertThat(details.path("resetAt").asText()).endsWith("T00:00:00Z");
        }

        // the one answered request, summed by the other instance from the shared database
        GatewayClient admin = cluster.admin(1);
        JsonNode totals = await().atMost(WAIT).until(
                () -> admin.get("/api/v1/usage?client=test-query-service").json().path("totals"),
                t -> t.path("requests").asLong() == 1);
        assertThat(totals.path("totalTokens").asLong()).isEqualTo(tokens);
    }

    @Test
    void tokensPerMinuteHoldAcrossInstances() throws Exception {
        GatewayClient onA = GatewayClient.login(cluster.port(0), "test-other-query-service", "other-query-service-test-secret");
        GatewayClient onB = GatewayClient.login(cluster.port(1), "test-other-query-service", "other-query-service-test-secret");

        Answer first = onA.post("/api/v1/query", question());
        assertThat(first.status()).as(first.body()).isEqualTo(200);

        Answer refused = onB.post("/api/v1/query", question());
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(refused.json().path("error").path("details").path("group").asText()).isEqualTo("tokens-per-minute");
    }

    private static Map<String, String> question() {
        return Map.of("query", "How many orders are there? " + UUID.randomUUID());
    }
}
