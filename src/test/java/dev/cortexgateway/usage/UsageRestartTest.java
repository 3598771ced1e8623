package dev.cortexgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Records handed to the writer are in the database after a clean stop: queries answered right before
 * the gateway stops (with a flush interval far longer than the test, so only the shutdown flush can
 * have written them) are summed by the next gateway on the same database.
 */
class UsageRestartTest {

    private static final int QUERIES = 5;

    @TempDir
    Path dataDir;

    @Test
    void recordsWrittenBeforeAStopAreThereAfterTheRestart() throws Exception {
        long tokens = 0;
        try (ConfigurableApplicationContext first = start()) {
            GatewayClient queries = GatewayClient.login(port(first), "test-query-service", "query-service-test-secret");
            for (int i = 0; i < QUERIES; i++) {
                Answer answer = queries.post("/api/v1/query", Map.of("query", "How many orders are there? " + UUID.randomUUID()));
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                tokens += answer.json().path("metadata").path("token_cost").asLong();
            }
            assertThat(first.getBean(UsageWriter.class).pending()).as("nothing written before the stop").isEqualTo(QUERIES);
        }

        try (ConfigurableApplicationContext second = start()) {
            GatewayClient admin = GatewayClient.login(port(second), "demo-admin", "demo-admin-test-secret");
            JsonNode totals = admin.get("/api/v1/usage?client=test-query-service").json().path("totals");
            assertThat(totals.path("requests").asLong()).isEqualTo(QUERIES);
            assertThat(totals.path("totalTokens").asLong()).isEqualTo(tokens).isPositive();
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .profiles("local", "test")
                .run("--server.port=0", "--gateway.data-dir=" + dataDir.toAbsolutePath(),
                        "--gateway.usage.flush-interval=1h");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
