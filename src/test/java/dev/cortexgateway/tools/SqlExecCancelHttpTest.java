package dev.cortexgateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.sql.SqlWarehouse;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import dev.cortexgateway.testing.WarehouseSessions;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Cancel stops the work, not just the record: an async sql_exec whose statement is running in the
 * warehouse is cancelled over HTTP, the statement ends and its warehouse connection is back in the pool.
 * The warehouse has a URL of the test's own, so the test sees from its admin account when the
 * statement runs.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class SqlExecCancelHttpTest {

    /** 10^12 joined rows on the sample data: runs for hours unless stopped, on any machine. */
    static final String LONG_QUERY = "SELECT COUNT(*) AS n FROM orders a, orders b, orders c, orders d, orders e, orders f";
    private static final String RUNNING = "orders a, orders b";
    private static final WarehouseSessions WAREHOUSE = WarehouseSessions.newDatabase("sql-exec-cancel");

    @DynamicPropertySource
    static void warehouse(DynamicPropertyRegistry registry) {
        registry.add("gateway.warehouse.url", WAREHOUSE::url);
    }

    @LocalServerPort
    int port;

    @Autowired
    SqlWarehouse warehouse;

    private GatewayClient client;

    @BeforeEach
    void login() throws Exception {
        client = GatewayClient.login(port, "test-tools-service", "tools-service-test-secret");
    }

    @Test
    void cancellingARunningAsyncSqlExecStopsItsStatement() throws Exception {
        Answer accepted = client.post("/api/v1/tools/sql_exec/execute", execute(LONG_QUERY, 120));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String jobId = accepted.json().path("jobId").asText();
        awaitStatus(jobId, "running");
        await("the statement runs in the warehouse").atMost(Duration.ofSeconds(30)).until(() -> WAREHOUSE.executing(RUNNING));

        assertThat(warehouse.activeConnections()).as("the long statement holds a warehouse connection").isEqualTo(1);

        Answer cancelled = client.post("/api/v1/jobs/" + jobId + "/cancel", "");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("cancelled");

        // the connection goes back to the pool only when the JDBC call has returned: the statement
        // stopped. It would run for hours, so stopping at all within this generous wait is the behaviour.
        await("the statement stops and its connection is returned").atMost(Duration.ofSeconds(10))
                .until(() -> warehouse.activeConnections() == 0);

        // idempotent: a second cancel answers the same final state
        Answer again = client.post("/api/v1/jobs/" + jobId + "/cancel", "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("status").asText()).isEqualTo("cancelled");
        assertThat(client.get("/api/v1/tools/executions/" + jobId).json().path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void anExecutionPastItsDeadlineIsStoppedAndFails() throws Exception {
        Answer answer = client.post("/api/v1/tools/sql_exec/execute", execute(LONG_QUERY, 1));

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        String jobId = answer.json().path("jobId").asText();
        Answer finished = awaitStatus(jobId, "failed");
        assertThat(finished.json().path("error").path("code").asText()).isEqualTo("UPSTREAM_DEPENDENCY_FAILED");
        assertThat(finished.json().path("error").path("details").path("cause").asText()).isEqualTo("UPSTREAM_TIMEOUT");
        // the bound is the behaviour: the 1 s deadline stopped it, not the warehouse's 30 s backstop
        // (gateway.tools.sql.query-timeout) nor the end of a statement that runs for hours
        assertThat(finished.json().path("durationMs").asLong()).isLessThan(15_000);
    }

    private static ObjectNode execute(String sql, int timeoutSeconds) {
        ObjectNode body = GatewayClient.JSON.createObjectNode();
        body.putObject("arguments").put("sql", sql).put("sessionId", UUID.randomUUID().toString());
        body.putObject("execution_options").put("async", true).put("timeout_seconds", timeoutSeconds);
        return body;
    }

    private Answer awaitStatus(String jobId, String status) {
        return await("execution " + jobId + " " + status).atMost(Duration.ofSeconds(30))
                .until(() -> client.get("/api/v1/tools/executions/" + jobId),
                        answer -> status.equals(answer.json().path("status").asText()));
    }
}
