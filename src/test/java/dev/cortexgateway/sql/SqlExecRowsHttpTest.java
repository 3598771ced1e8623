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
 * The row cap and truncation of sql_exec through its production route (routes/tools.yaml:
 * statement.maxRows from the tool's limit, at most gateway.tools.sql.max-rows = 500, one more row
 * fetched to know a result was cut), over HTTP on the H2 sample warehouse.
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
    void aResultWithinTheLimitIsWholeAndNotTruncated() throws Exception {
        GatewayClient.Answer answer = run("SELECT customer_id FROM customers WHERE customer_id <= 3", 5);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("rowCount").asInt()).isEqualTo(3);
        assertThat(answer.json().path("truncated").asBoolean()).isFalse();
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
