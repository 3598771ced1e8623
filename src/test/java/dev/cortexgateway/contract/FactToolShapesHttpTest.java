package dev.cortexgateway.contract;

import static dev.cortexgateway.testing.SeedExamples.FACT;
import static dev.cortexgateway.testing.SeedExamples.assertHoldsSeedKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The FACT API's tool calls (list, detail, register, execute, execution status) made as the
 * specification makes them, over real HTTP; each answer holds every key path of the specification's
 * example (the contract's {@code fact-003} examples), and the values the gateway knows are checked exactly.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class FactToolShapesHttpTest {

    /** The specification's statement, on the sample warehouse's revenue view (its rows are 2023 and 2024). */
    static final String REVENUE_2024 = "SELECT quarter, value FROM revenue WHERE quarter LIKE '2024%'";
    /** 10^12 joined rows on the sample data: runs until cancelled. */
    static final String LONG_QUERY = "SELECT COUNT(*) AS n FROM orders a, orders b, orders c, orders d, orders e, orders f";
    static final String USER = "user@example.com";

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
    void listToolsHoldsTheSpecificationsKeys() throws Exception {
        Answer answer = tools.get("/api/v1/tools");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertHoldsSeedKeys("listTools", "200", FACT, answer.json(), "tools[].parameters");
        JsonNode list = answer.json();
        int active = 0;
        for (JsonNode tool : list.path("tools")) {
            active += "active".equals(tool.path("status").asText()) ? 1 : 0;
        }
        assertThat(list.path("total_count").asInt()).isEqualTo(list.path("tools").size());
        assertThat(list.path("active_count").asInt()).isEqualTo(active).isPositive();
        assertThat(Instant.parse(list.path("timestamp").asText())).isBetween(Instant.now().minusSeconds(60), Instant.now());
        JsonNode sqlExec = tool(list, "sql_exec");
        assertThat(sqlExec.path("status").asText()).isEqualTo("active");
        assertThat(sqlExec.path("requires_auth").asBoolean(true)).isFalse();
        assertThat(sqlExec.path("parameters").path("sql").path("type").asText()).isEqualTo("string");
        assertThat(sqlExec.path("parameters").path("sql").path("required").asBoolean()).isTrue();
        assertThat(sqlExec.path("parameters").path("limit").path("required").asBoolean(true)).isFalse();
        assertThat(sqlExec.path("input_schema").path("properties").has("sql")).isTrue();
    }

    @Test
    void toolDetailHoldsTheSpecificationsKeysAndCountsACall() throws Exception {
        JsonNode before = tools.get("/api/v1/tools/sql_exec").json().path("usage_statistics");
        Answer called = tools.post("/api/v1/tools/sql_exec", sql("SELECT 1 AS one"));
        assertThat(called.status()).as(called.body()).isEqualTo(200);

        Answer answer = tools.get("/api/v1/tools/sql_exec");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertHoldsSeedKeys("describeTool", "200", FACT, answer.json(), "parameters");
        JsonNode tool = answer.json();
        JsonNode sqlParameter = tool.path("parameters").path("sql");
        assertThat(sqlParameter.path("max_length").asInt()).isEqualTo(20000);
        assertThat(sqlParameter.path("pattern").isNull()).isTrue();
        assertThat(tool.path("created_at").isNull()).as("built-in tools were never registered").isTrue();
        assertThat(tool.path("configuration").path("timeout_seconds").asDouble()).isEqualTo(10.0);
        assertThat(tool.path("configuration").path("max_result_size_mb").asDouble()).isEqualTo(1.0);
        assertThat(tool.path("configuration").path("rate_limit_per_minute").isNumber()).isTrue();
        assertThat(tool.path("security").path("scopes").isArray()).isTrue();
        assertThat(tool.path("security").path("input_validation").asBoolean()).isTrue();
        JsonNode after = tool.path("usage_statistics");
        assertThat(after.path("total_calls").asLong()).isEqualTo(before.path("total_calls").asLong() + 1);
        assertThat(after.path("successful_calls").asLong()).isEqualTo(before.path("successful_calls").asLong() + 1);
        assertThat(after.path("failed_calls").asLong()).isEqualTo(before.path("failed_calls").asLong());
        assertThat(after.path("last_24h_calls").asLong()).isEqualTo(before.path("last_24h_calls").asLong() + 1);
        assertThat(after.path("average_execution_time_ms").isNumber()).isTrue();
        assertThat(tool.path("usage_stats").path("total_calls").asLong()).isEqualTo(after.path("total_calls").asLong());
    }

    @Test
    void registerToolHoldsTheSpecificationsKeys() throws Exception {
        String name = "revenue_of_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ObjectNode definition = GatewayClient.JSON.createObjectNode()
                .put("name", name).put("kind", "sql_template").put("description", "Revenue of the quarters matching a prefix")
                .put("sql", "SELECT quarter, value FROM revenue WHERE quarter LIKE :prefix");
        // the FACT way of marking a required parameter, kept as the JSON Schema's required list
        definition.putObject("parameters").putObject("prefix").put("type", "string").put("maxLength", 16)
                .put("required", true).put("description", "A quarter prefix with %, e.g. 2024%");

        Answer answer = admin.post("/api/v1/tools", definition);

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertHoldsSeedKeys("registerTool", "201", FACT, answer.json());
        JsonNode registered = answer.json();
        assertThat(registered.path("tool_id").asText()).isEqualTo(name);
        assertThat(registered.path("status").asText()).isEqualTo("registered");
        assertThat(registered.path("tool_status").asText()).isEqualTo("active");
        assertThat(registered.path("arcade_tool_id").isNull()).isTrue();
        assertThat(registered.path("validation_results").path("security_scan").asText()).isEqualTo("passed");
        assertThat(registered.path("registration_time").asText()).isEqualTo(registered.path("last_updated").asText());
        JsonNode prefix = registered.path("parameters").path("prefix");
        assertThat(prefix.path("required").asBoolean()).isTrue();
        assertThat(prefix.path("max_length").asInt()).isEqualTo(16);
        assertThat(registered.path("input_schema").path("required").toString()).isEqualTo("[\"prefix\"]");
        assertThat(registered.path("input_schema").path("properties").path("prefix").has("required")).isFalse();

        ObjectNode arguments = GatewayClient.JSON.createObjectNode();
        arguments.putObject("arguments").put("prefix", "2024%");
        Answer executed = tools.post("/api/v1/tools/" + name + "/execute", arguments);
        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        assertThat(executed.json().path("result").path("row_count").asInt()).isEqualTo(4);
        Answer withoutPrefix = tools.post("/api/v1/tools/" + name + "/execute", "{\"arguments\": {}}");
        assertThat(withoutPrefix.status()).as(withoutPrefix.body()).isEqualTo(400);
    }

    @Test
    void uploadedCodeIsRefusedWithAClearMessage() throws Exception {
        Answer answer = admin.post("/api/v1/tools", """
                {"name": "Math.Calculator", "description": "Perform basic mathematical calculations", "version": "1.0.0",
                 "function_code": "base64_encoded_function",
                 "parameters": {"expression": {"type": "string", "required": true, "description": "Mathematical expression to evaluate"}},
                 "security": {"requires_authorization": false, "scopes": [], "sandbox": true},
                 "configuration": {"timeout_seconds": 5, "memory_limit_mb": 64}}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        JsonNode error = answer.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(error.path("message").asText()).isEqualTo("The gateway never runs uploaded code: function_code is not accepted");
        assertThat(error.path("details").path("fields").get(0).path("field").asText()).isEqualTo("/function_code");
        assertThat(answer.body()).doesNotContain("base64_encoded_function");
    }

    @Test
    void executeToolTakesTheSpecificationsRequestAndHoldsItsKeys() throws Exception {
        Answer answer = tools.post("/api/v1/tools/sql_exec/execute", factExecute(REVENUE_2024, false));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertHoldsSeedKeys("executeTool", "200", FACT, answer.json(), "result.rows[]");
        JsonNode execution = answer.json();
        assertThat(execution.path("status").asText()).isEqualTo("completed");
        assertThat(execution.path("tool_name").asText()).isEqualTo("sql_exec");
        JsonNode result = execution.path("result");
        assertThat(result.path("status").asText()).isEqualTo("success");
        assertThat(names(result.path("columns"))).containsExactly("quarter", "value");
        assertThat(result.path("row_count").asInt()).isEqualTo(4).isEqualTo(result.path("rows").size());
        assertThat(result.path("rows").get(0).path("quarter").asText()).matches("2024-Q[1-4]");
        assertThat(result.path("rows").get(0).path("value").isNumber()).isTrue();
        assertThat(result.path("execution_time_ms").asLong()).isNotNegative();
        JsonNode metadata = execution.path("metadata");
        assertThat(metadata.path("user_id").asText()).as("a named user is kept as a digest").startsWith("u_");
        assertThat(Instant.parse(metadata.path("completed_at").asText()))
                .isAfterOrEqualTo(Instant.parse(metadata.path("started_at").asText()));
        assertThat(metadata.path("resource_usage").path("cpu_time_ms").isNumber()).isTrue();
        assertThat(metadata.path("resource_usage").path("memory_peak_mb").isNull()).isTrue();
    }

    @Test
    void executionStatusOfARunningExecutionHoldsTheSpecificationsKeys() throws Exception {
        Answer accepted = tools.post("/api/v1/tools/sql_exec/execute", factExecute(LONG_QUERY, true));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("execution_id").asText();
        String path = "/api/v1/tools/executions/" + id + "?user_id=" + URLEncoder.encode(USER, StandardCharsets.UTF_8);
        try {
            Answer running = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> tools.get(path), a -> "running".equals(a.json().path("status").asText()));

            assertHoldsSeedKeys("getToolExecution", "200", FACT, running.json());
            JsonNode progress = running.json().path("progress");
            assertThat(progress.path("stage").asText()).isEqualTo("executing");
            assertThat(progress.path("completion_percent").isNull()).isTrue();
            assertThat(progress.path("estimated_remaining_ms").isNull()).isTrue();
            assertThat(running.json().path("started_at").isTextual()).isTrue();
            assertThat(running.json().path("user_id").asText()).startsWith("u_");
            assertThat(running.json().path("result").isNull()).isTrue();
        } finally {
            Answer cancelled = tools.post("/api/v1/jobs/" + id + "/cancel?user_id=" + URLEncoder.encode(USER, StandardCharsets.UTF_8), "");
            assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        }
        JsonNode after = tools.get(path).json();
        assertThat(after.path("status").asText()).isEqualTo("cancelled");
        assertThat(after.path("progress").path("completion_percent").asInt()).isEqualTo(100);
    }

    /** The specification's execute request, with the gateway's argument names. */
    static ObjectNode factExecute(String statement, boolean async) {
        ObjectNode request = GatewayClient.JSON.createObjectNode();
        request.set("arguments", sql(statement));
        request.put("user_id", USER);
        request.putObject("execution_options").put("timeout_seconds", 30).put("priority", "normal").put("async", async);
        return request;
    }

    static ObjectNode sql(String statement) {
        return GatewayClient.JSON.createObjectNode().put("sql", statement).put("sessionId", UUID.randomUUID().toString());
    }

    private static JsonNode tool(JsonNode list, String name) {
        for (JsonNode tool : list.path("tools")) {
            if (name.equals(tool.path("name").asText())) {
                return tool;
            }
        }
        throw new AssertionError("no tool " + name + " in " + list);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(name -> names.add(name.asText()));
        return names;
    }
}
