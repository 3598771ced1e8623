package dev.cortexgateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** What route cases cannot say: polling an async execution, a 64 KB chart, what the log keeps of a call. */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
@ExtendWith(OutputCaptureExtension.class)
class ToolExecutionsHttpTest {

    @LocalServerPort
    int port;

    private GatewayClient client;

    @BeforeEach
    void login() throws Exception {
        client = GatewayClient.login(port, "test-tools-service", "tools-service-test-secret");
    }

    @Test
    void anAsyncExecutionIsAJobThatFinishesWithItsResult() throws Exception {
        ObjectNode body = GatewayClient.JSON.createObjectNode();
        body.putObject("arguments").put("question", "What was the revenue by quarter?");
        body.putObject("execution_options").put("async", true);

        Answer accepted = client.post("/api/v1/tools/cortex_analyst_text_to_sql/execute", body);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("executionId").asText();

        Answer done = await("job " + id + " finished").atMost(Duration.ofSeconds(30))
                .until(() -> client.get("/api/v1/jobs/" + id), job -> !job.json().path("status").asText().matches("queued|running"));
        assertThat(done.json().path("status").asText()).as(done.body()).isEqualTo("succeeded");
        assertThat(done.json().path("kind").asText()).isEqualTo("tool:cortex_analyst_text_to_sql");
        assertThat(done.json().path("result").path("sql").asText()).containsIgnoringCase("select");
    }

    @Test
    void aChartSpecOver64KbIsRefusedWith413() throws Exception {
        ObjectNode body = GatewayClient.JSON.createObjectNode().put("chartType", "bar");
        ArrayNode rows = body.putObject("data").putArray("rows");
        for (int i = 0; i < 3_000; i++) {
            rows.addObject().put("customer", "customer-with-a-long-name-" + i).put("revenue", i * 10.5);
        }

        Answer answer = client.post("/api/v1/tools/data_to_chart", body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("CHART_TOO_LARGE");
        assertThat(answer.json().path("error").path("details").path("maxSpecBytes").asInt()).isEqualTo(65536);
    }

    @Test
    void theLogKeepsToolDurationOutcomeAndArgumentNamesButNoValuesOrSql(CapturedOutput output) throws Exception {
        String marker = "zebra_" + UUID.randomUUID().toString().replace("-", "");
        Answer answer = client.post("/api/v1/tools/sql_exec", GatewayClient.JSON.createObjectNode()
                .put("sql", "SELECT '" + marker + "' AS marker FROM customers WHERE name = 'Globex'")
                .put("sessionId", UUID.randomUUID().toString()));
        Answer refused = client.post("/api/v1/tools/sql_exec", GatewayClient.JSON.createObjectNode()
                .put("sql", "DELETE FROM orders WHERE note = '" + marker + "'")
                .put("sessionId", UUID.randomUUID().toString()));
        Answer search = client.post("/api/v1/tools/cortex_search", GatewayClient.JSON.createObjectNode()
                .put("query", "refunds " + marker));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(search.status()).as(search.body()).isEqualTo(200);
        assertThat(refused.body()).doesNotContain(marker);
        String logs = output.getAll();
        assertThat(logs).contains("tool sql_exec succeeded in").contains("arguments [sql, sessionId]")
                .contains("tool sql_exec failed: SQL_NOT_READ_ONLY").contains("tool cortex_search succeeded in")
                .doesNotContain(marker).doesNotContain("Globex").doesNotContain("\tat ");
    }
}
