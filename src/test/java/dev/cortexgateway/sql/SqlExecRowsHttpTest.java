package dev.cortexgateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The rows of sql_exec through its production route (routes/tools.yaml: sql/WarehouseQuery reads at
 * most the tool's limit, itself at most gateway.tools.sql.max-rows = 500, fetching one more row to
 * know a result was cut; sql/SqlResults maps them), over HTTP on the H2 sample warehouse.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class SqlExecRowsHttpTest {

    @LocalServerPort
    int port;

    private GatewayClient client;

    @BeforeEach
    void login() throws Exception {
        client = GatewayClient.login(port, "test-tools-service", "tools-service-test-secret");
    }

    @Test
    void rowsAreCutAtTheCallersLimitAndMarkedTruncated() throws Exception {
        GatewayClient.Answer answer = run("SELECT order_id, region FROM orders ORDER BY order_id", 5);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("rows")).hasSize(5);
        assertThat(answer.json().path("rowCount").asInt()).isEqualTo(5);
        assertThat(answer.json().path("truncated").asBoolean()).isTrue();
        assertThat(answer.json().path("rows").get(0).toString()).isEqualTo("[1001,\"LATAM\"]");
    }

    @Test
    void aCutAnswerKeepsColumnOrderTypesAndExactValuesAndNamesTheRowCap() throws Exception {
        GatewayClient.Answer answer = run("SELECT order_id, amount, order_date, region FROM orders ORDER BY order_id", 5);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("columns").toString()).isEqualTo("[{\"name\":\"order_id\",\"type\":\"number\"},"
                + "{\"name\":\"amount\",\"type\":\"number\"},{\"name\":\"order_date\",\"type\":\"date\"},"
                + "{\"name\":\"region\",\"type\":\"string\"}]");
        // the amount exactly as stored (no binary floating point on the way)
        assertThat(answer.json().path("rows").get(0).toString()).isEqualTo("[1001,41737.42,\"2024-12-02\",\"LATAM\"]");
        assertThat(answer.json().path("truncatedReason").asText()).isEqualTo("max_rows");
        assertThat(answer.json().path("latencyMs").isIntegralNumber()).isTrue();
    }

    @Test
    void aResultWithinTheLimitIsWholeAndNotTruncated() throws Exception {
        GatewayClient.Answer answer = run("SELECT customer_id FROM customers WHERE customer_id <= 3", 5);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("rowCount").asInt()).isEqualTo(3);
        assertThat(answer.json().path("truncated").asBoolean()).isFalse();
        assertThat(answer.json().has("truncatedReason")).isFalse();

        GatewayClient.Answer exactly = run("SELECT customer_id FROM customers WHERE customer_id <= 3", 3);
        assertThat(exactly.json().path("rowCount").asInt()).as("exactly the limit").isEqualTo(3);
        assertThat(exactly.json().path("truncated").asBoolean()).as("exactly the limit").isFalse();
    }

    @Test
    void anEmptyResultStillNamesItsColumns() throws Exception {
        GatewayClient.Answer answer = run("SELECT order_id, region FROM orders WHERE 1 = 0", 5);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("columns").toString())
                .isEqualTo("[{\"name\":\"order_id\",\"type\":\"unknown\"},{\"name\":\"region\",\"type\":\"unknown\"}]");
        assertThat(answer.json().path("rows")).isEmpty();
        assertThat(answer.json().path("rowCount").asInt()).isZero();
        assertThat(answer.json().path("truncated").asBoolean()).isFalse();
    }

    @Test
    void valuesAndTypesAreJsonFriendly() throws Exception {
        GatewayClient.Answer answer = run("SELECT TRUE AS b, TIMESTAMP '2024-01-02 03:04:00' AS ts, "
                + "TIME '10:11:12' AS t, X'CAFE' AS bin, CAST(NULL AS INT) AS nothing, CAST(1.5 AS DOUBLE) AS d, "
                + "CAST(7 AS BIGINT) AS big, DATE '2024-02-29' AS d2", 5);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("columns").toString()).isEqualTo("[{\"name\":\"b\",\"type\":\"boolean\"},"
                + "{\"name\":\"ts\",\"type\":\"timestamp\"},{\"name\":\"t\",\"type\":\"time\"},{\"name\":\"bin\",\"type\":\"binary\"},"
                + "{\"name\":\"nothing\",\"type\":\"unknown\"},{\"name\":\"d\",\"type\":\"number\"},{\"name\":\"big\",\"type\":\"number\"},"
                + "{\"name\":\"d2\",\"type\":\"date\"}]");
        assertThat(answer.json().path("rows").get(0).toString())
                .isEqualTo("[true,\"2024-01-02T03:04:00\",\"10:11:12\",\"yv4=\",null,1.5,7,\"2024-02-29\"]");
    }

    @Test
    void withoutALimitTheConfiguredMaximumOf500Applies() throws Exception {
        // 10,000 rows in the warehouse (a limit above 500 is refused by the tool's schema)
        GatewayClient.Answer answer = run("SELECT a.order_id, b.order_id FROM orders a, orders b", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("rowCount").asInt()).isEqualTo(500);
        assertThat(answer.json().path("truncated").asBoolean()).isTrue();
    }

    private GatewayClient.Answer run(String sql, Integer limit) throws Exception {
        ObjectNode body = GatewayClient.JSON.createObjectNode().put("sql", sql).put("sessionId", UUID.randomUUID().toString());
        if (limit != null) {
            body.put("limit", limit);
        }
        return client.post("/api/v1/tools/sql_exec", body);
    }
}
