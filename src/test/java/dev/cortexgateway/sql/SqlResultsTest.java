package dev.cortexgateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * camel-jdbc for real on the H2 sample warehouse, and {@link SqlResults}' mapping of what it
 * returns; also pins the endpoint options the sql_exec routes rely on.
 */
class SqlResultsTest {

    private static SqlWarehouse warehouse;
    private static CamelContext camel;
    private static ProducerTemplate producer;
    private final SqlResults results = new SqlResults();

    @BeforeAll
    static void start() throws Exception {
        warehouse = new SqlWarehouse(WarehouseProperties.defaults());
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("warehouse", DataSource.class, warehouse.dataSource());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:q").to("jdbc:warehouse?outputType=SelectList&statement.maxRows=6");
                from("direct:template").to("jdbc:warehouse?outputType=SelectList&useHeadersAsParameters=true&statement.maxRows=6");
                from("direct:timeout").to("jdbc:warehouse?outputType=SelectList&statement.queryTimeout=1&resetAutoCommit=false");
                from("direct:readSize").to("jdbc:warehouse?outputType=SelectList&readSize=3");
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        camel.stop();
        warehouse.destroy();
    }

    private static Exchange run(String endpoint, String sql, Integer limit, Map<String, Object> parameters) {
        return producer.send(endpoint, exchange -> {
            exchange.getMessage().setBody(sql);
            if (parameters != null) {
                exchange.getMessage().setHeader("CamelJdbcParameters", parameters);
            }
            exchange.setProperty("sqlLimit", limit);
            exchange.setProperty("sqlStartedNanos", System.nanoTime());
        });
    }

    @Test
    void rowsAreCutAtTheLimitAndColumnsKeepTheirOrder() {
        Exchange exchange = run("direct:q", "SELECT order_id, amount, order_date, region FROM orders ORDER BY order_id", 5, null);
        assertThat(exchange.getException()).isNull();
        // statement.maxRows reaches the JDBC statement: limit + 1 rows come back
        assertThat(exchange.getMessage().getBody(List.class)).hasSize(6);
        assertThat(exchange.getMessage().getHeader(SqlResults.COLUMN_NAMES, List.class))
                .containsExactly("ORDER_ID", "AMOUNT", "ORDER_DATE", "REGION");

        ObjectNode answer = results.map(exchange);
        assertThat(answer.get("columns").toString()).isEqualTo("[{\"name\":\"order_id\",\"type\":\"number\"},"
                + "{\"name\":\"amount\",\"type\":\"number\"},{\"name\":\"order_date\",\"type\":\"date\"},"
                + "{\"name\":\"region\",\"type\":\"string\"}]");
        assertThat(answer.get("rows")).hasSize(5);
        assertThat(answer.get("rows").get(0).toString()).isEqualTo("[1001,41737.42,\"2024-12-02\",\"LATAM\"]");
        assertThat(answer.get("rows").get(0).get(1).decimalValue()).isEqualTo(new BigDecimal("41737.42"));
        assertThat(answer.get("rowCount").asInt()).isEqualTo(5);
        assertThat(answer.get("truncated").asBoolean()).isTrue();
        assertThat(answer.get("latencyMs").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aResultWithinTheLimitIsNotTruncated() {
        ObjectNode answer = results.map(run("direct:q", "SELECT customer_id, name FROM customers WHERE customer_id <= 3", 5, null));
        assertThat(answer.get("rowCount").asInt()).isEqualTo(3);
        assertThat(answer.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void anEmptyResultStillNamesItsColumns() {
        Exchange exchange = run("direct:q", "SELECT order_id, region FROM orders WHERE 1 = 0", 5, null);
        assertThat(exchange.getMessage().getBody(List.class)).isEmpty();
        ObjectNode answer = results.map(exchange);
        assertThat(answer.get("columns").toString())
                .isEqualTo("[{\"name\":\"order_id\",\"type\":\"unknown\"},{\"name\":\"region\",\"type\":\"unknown\"}]");
        assertThat(answer.get("rows")).isEmpty();
        assertThat(answer.get("rowCount").asInt()).isZero();
        assertThat(answer.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void valuesAndTypesAreJsonFriendly() {
        Exchange exchange = run("direct:q", "SELECT TRUE AS b, TIMESTAMP '2024-01-02 03:04:00' AS ts, "
                + "TIME '10:11:12' AS t, X'CAFE' AS bin, CAST(NULL AS INT) AS nothing, CAST(1.5 AS DOUBLE) AS d, "
                + "CAST(7 AS BIGINT) AS big, DATE '2024-02-29' AS d2", 5, null);
        assertThat(exchange.getException()).isNull();
        ObjectNode answer = results.map(exchange);
        assertThat(answer.get("columns").toString()).isEqualTo("[{\"name\":\"b\",\"type\":\"boolean\"},"
                + "{\"name\":\"ts\",\"type\":\"timestamp\"},{\"name\":\"t\",\"type\":\"time\"},{\"name\":\"bin\",\"type\":\"binary\"},"
                + "{\"name\":\"nothing\",\"type\":\"unknown\"},{\"name\":\"d\",\"type\":\"number\"},{\"name\":\"big\",\"type\":\"number\"},"
                + "{\"name\":\"d2\",\"type\":\"date\"}]");
        assertThat(answer.get("rows").get(0).toString())
                .isEqualTo("[true,\"2024-01-02T03:04:00\",\"10:11:12\",\"yv4=\",null,1.5,7,\"2024-02-29\"]");
    }

    @Test
    void templatesBindNamedParametersFromTheParametersHeader() {
        SqlGuard guard = new SqlGuard(SqlToolProperties.defaults(), WarehouseProperties.defaults());
        try {
            SqlGuard.TemplateStatement template = guard.requireReadOnlyTemplate(
                    "SELECT order_id FROM orders WHERE region = :region AND amount > :min AND region = :region ORDER BY order_id");
            Exchange exchange = run("direct:template", template.sql(), 5,
                    Map.of("region", "NA", "min", new BigDecimal("20000"), "unused", "x"));
            assertThat(exchange.getException()).isNull();
            ObjectNode answer = results.map(exchange);
            Exchange direct = run("direct:q",
                    "SELECT order_id FROM orders WHERE region = 'NA' AND amount > 20000 ORDER BY order_id", 5, null);
            assertThat(answer.get("rows")).isEqualTo(results.map(direct).get("rows"));
            assertThat(answer.get("rowCount").asInt()).isPositive();

            // statement.maxRows also reaches the PreparedStatement of useHeadersAsParameters
            Exchange all = run("direct:template", guard.requireReadOnlyTemplate("SELECT order_id FROM orders WHERE amount > :min").sql(),
                    5, Map.of("min", 0));
            assertThat(all.getMessage().getBody(List.class)).hasSize(6);
            assertThat(results.map(all).get("truncated").asBoolean()).isTrue();
        } finally {
            guard.destroy();
        }
    }

    @Test
    void queryTimeoutCancelsTheStatement() {
        Exchange exchange = run("direct:timeout", "SELECT COUNT(*) FROM orders a, orders b, orders c, orders d", 5, null);
        assertThat(exchange.getException()).isInstanceOf(SQLException.class);
        GatewayException failure = SqlFailures.failure((SQLException) exchange.getException(), false);
        assertThat(failure.code()).isEqualTo(ErrorCode.UPSTREAM_DEPENDENCY_FAILED);
        assertThat(failure.details()).containsEntry("cause", "UPSTREAM_TIMEOUT");
    }

    @Test
    void readSizeCapsTheRowsCamelReads() {
        assertThat(run("direct:readSize", "SELECT * FROM orders", 5, null).getMessage().getBody(List.class)).hasSize(3);
    }
}
