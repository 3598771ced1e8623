package dev.cortexgateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.sql.SqlWarehouse;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Cancel stops the work, not just the record: a long-running async sql_exec is cancelled over HTTP
 * and its JDBC statement ends within a second: its warehouse connection is back in the pool.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class SqlExecCancelHttpTest {

    /** Billions of joined rows on the sample data: runs for minutes unless stopped. */
    static final String LONG_QUERY = "SELECT COUNT(*) AS n FROM orders a, orders b, orders c, orders d, orders e";

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
    void cancellingARunningAsyncSqlExecStopsItsStatementWithinOneSecond() throws Exception {
        Answer accepted = client.post("/api/v1/tools/sql_exec/execute", execute(LONG_QUERY, 120));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String jobId = accepted.json().path("jobId").asText();
        awaitStatus(jobId, "running");
        Thread.sleep(300); // the statement is executing in the warehouse now

        assertThat(warehouse.activeConnections()).as("the long statement holds a warehouse connection").isEqualTo(1);

        long cancelAt = System.nanoTime();
        Answer cancelled = client.post("/api/v1/jobs/" + jobId + "/cancel", "");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("cancelled");

        // the connection goes back to the pool only when the JDBC call has returned: the statement stopped
        while (warehouse.activeConnections() > 0 && System.nanoTime() - cancelAt < 5_000_000_000L) {
            Thread.sleep(5);
        }
        long stoppedWithinMillis = (System.nanoTime() - cancelAt) / 1_000_000;
        assertThat(warehouse.activeConnections()).isZero();
        assertThat(stoppedWithinMillis).isLessThan(1_000);

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
        assertThat(finished.json().path("durationMs").asLong()).isLessThan(3_000);
    }

    private static ObjectNode execute(String sql, int timeoutSeconds) {
        ObjectNode body = GatewayClient.JSON.createObjectNode();
        body.putObject("arguments").put("sql", sql).put("sessionId", UUID.randomUUID().toString());
        body.putObject("execution_options").put("async", true).put("timeout_seconds", timeoutSeconds);
        return body;
    }

    private Answer awaitStatus(String jobId, String status) throws Exception {
        Answer answer = null;
        for (int i = 0; i < 100; i++) {
            answer = client.get("/api/v1/tools/executions/" + jobId);
            if (status.equals(answer.json().path("status").asText())) {
                return answer;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("execution " + jobId + " never reached " + status + ": " + answer.body());
    }
}
