package dev.cortexgateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A tool registered through the API is callable at once, and after the gateway restarts on the
 * same database it is still listed and callable, with no redeploy and no reload step.
 */
class RegisteredToolRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aRegisteredToolIsCallableAtOnceAndSurvivesARestart() throws Exception {
        String definition = """
                {"name": "customers_by_segment", "kind": "sql_template", "version": "2.0.0",
                 "description": "Customers of one segment",
                 "parameters": {"segment": {"type": "string", "enum": ["SMB", "Mid-Market", "Enterprise"]}},
                 "required": ["segment"],
                 "sql": "SELECT customer_id, name FROM customers WHERE segment = :segment ORDER BY customer_id"}""";
        try (ConfigurableApplicationContext first = start()) {
            GatewayClient admin = GatewayClient.login(port(first), "demo-admin", "demo-admin-test-secret");
            Answer registered = admin.post("/api/v1/tools", definition);
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);

            Answer called = admin.post("/api/v1/tools/customers_by_segment", "{\"segment\": \"SMB\"}");
            assertThat(called.status()).as(called.body()).isEqualTo(200);
            assertThat(called.json().path("rowCount").asInt()).isPositive();
        }
        assertThat(Files.list(dataDir).count()).as("the gateway's database lives in the data dir").isPositive();

        try (ConfigurableApplicationContext second = start()) {
            GatewayClient tools = GatewayClient.login(port(second), "test-tools-service", "tools-service-test-secret");
            Answer listed = tools.get("/api/v1/tools");
            assertThat(listed.json().path("tools").findValuesAsText("name")).contains("customers_by_segment");

            Answer called = tools.post("/api/v1/tools/customers_by_segment", "{\"segment\": \"Enterprise\"}");
            assertThat(called.status()).as(called.body()).isEqualTo(200);
            assertThat(called.json().path("columns").get(1).path("name").asText()).isEqualTo("name");

            Answer badArgument = tools.post("/api/v1/tools/customers_by_segment", "{\"segment\": \"Government\"}");
            assertThat(badArgument.status()).isEqualTo(400);
            assertThat(badArgument.json().path("error").path("details").path("fields").get(0).path("field").asText())
                    .isEqualTo("/segment");
        }
    }

    private ConfigurableApplicationContext start() {
        // command-line arguments outrank the test profile's own (random) data dir
        return new SpringApplicationBuilder(GatewayApplication.class)
                .profiles("local", "test")
                .run("--server.port=0", "--gateway.data-dir=" + dataDir.toAbsolutePath());
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
