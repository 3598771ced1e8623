package dev.cortexgateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@link WarehouseQuery} for real on the H2 sample warehouse (row and byte caps, template parameters,
 * the query timeout), and {@link SqlResults}' mapping of what it reads.
 */
class SqlResultsTest {

    private static SqlWarehouse warehouse;
    private static CamelContext camel;
    private static WarehouseQuery query;
    private final SqlResults results = new SqlResults();

    @BeforeAll
    static void start() {
        warehouse = new SqlWarehouse(WarehouseProperties.defaults());
        camel = new DefaultCamelContext();
        query = new WarehouseQuery(warehouse.dataSource(), SqlToolProperties.defaults());
    }

    @AfterAll
    static void stop() {
        camel.stop();
        warehouse.destroy();
    }

    private static Exchange run(String sql, Integer limit, Map<String, Object> parameters) {
        return run(query, sql, limit, parameters, 30);
    }

    private static Exchange run(WarehouseQuery query, String sql, Integer limit, Map<String, Object> parameters, int timeout) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(sql);
        if (parameters != null) {
            exchange.getMessage().setHeader(WarehouseQuery.PARAMETERS, parameters);
        }
        exchange.setProperty("sqlLimit", limit);
        exchange.setProperty("sqlQueryTimeoutSeconds", timeout);
        exchange.setProperty("sqlStartedNanos", System.nanoTime());
        try {
            query.run(exchange);
        } catch (SQLException e) {
            exchange.setException(e);
        }
        return exchange;
    }

    @Test
    void rowsAreCutAtTheLimitAndColumnsKeepTheirOrder() {
        Exchange exchange = run("SELECT order_id, amount, order_date, region FROM orders ORDER BY order_id", 5, null);
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(WarehouseQuery.Rows.class).columns())
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
        assertThat(answer.get("truncatedReason").asText()).isEqualTo("max_rows");
        assertThat(answer.get("latencyMs").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aResultWithinTheLimitIsNotTruncated() {
        ObjectNode answer = results.map(run("SELECT customer_id, name FROM customers WHERE customer_id <= 3", 5, null));
        assertThat(answer.get("rowCount").asInt()).isEqualTo(3);
        assertThat(answer.get("truncated").asBoolean()).isFalse();
        assertThat(answer.has("truncatedReason")).isFalse();
        // exactly the limit is not truncated either
        assertThat(results.map(run("SELECT customer_id FROM customers WHERE customer_id <= 3", 3, null))
                .get("truncated").asBoolean()).isFalse();
    }

    @Test
    void anEmptyResultStillNamesItsColumns() {
        Exchange exchange = run("SELECT order_id, region FROM orders WHERE 1 = 0", 5, null);
        assertThat(exchange.getMessage().getBody(WarehouseQuery.Rows.class).rows()).isEmpty();
        ObjectNode answer = results.map(exchange);
        assertThat(answer.get("columns").toString())
                .isEqualTo("[{\"name\":\"order_id\",\"type\":\"unknown\"},{\"name\":\"region\",\"type\":\"unknown\"}]");
        assertThat(answer.get("rows")).isEmpty();
        assertThat(answer.get("rowCount").asInt()).isZero();
        assertThat(answer.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void valuesAndTypesAreJsonFriendly() {
        Exchange exchange = run("SELECT TRUE AS b, TIMESTAMP '2024-01-02 03:04:00' AS ts, "
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
            Exchange exchange = run(template.sql(), 5,
                    Map.of("region", "NA", "min", new BigDecimal("20000"), "unused", "x"));
            assertThat(exchange.getException()).isNull();
            ObjectNode answer = results.map(exchange);
            Exchange direct = run(
                    "SELECT order_id FROM orders WHERE region = 'NA' AND amount > 20000 ORDER BY order_id", 5, null);
            assertThat(answer.get("rows")).isEqualTo(results.map(direct).get("rows"));
            assertThat(answer.get("rowCount").asInt()).isPositive();

            Exchange all = run(guard.requireReadOnlyTemplate("SELECT order_id FROM orders WHERE amount > :min").sql(),
                    5, Map.of("min", 0));
            assertThat(results.map(all).get("rowCount").asInt()).isEqualTo(5);
            assertThat(results.map(all).get("truncated").asBoolean()).isTrue();
        } finally {
            guard.destroy();
        }
    }

    @Test
    void queryTimeoutCancelsTheStatement() {
        Exchange exchange = run(query, "SELECT COUNT(*) FROM orders a, orders b, orders c, orders d", 5, null, 1);
        assertThat(exchange.getException()).isInstanceOf(SQLException.class);
        GatewayException failure = SqlFailures.failure((SQLException) exchange.getException(), false);
        assertThat(failure.code()).isEqualTo(ErrorCode.UPSTREAM_DEPENDENCY_FAILED);
        assertThat(failure.details()).containsEntry("cause", "UPSTREAM_TIMEOUT");
    }

    @Test
    void readingStopsAtTheByteCapWithWholeRows() throws Exception {
        WarehouseQuery capped = new WarehouseQuery(warehouse.dataSource(), capped(4096));
        Exchange exchange = run(capped, "SELECT X, REPEAT('x', 1000) AS filler FROM SYSTEM_RANGE(1, 100)", 500, null, 30);
        assertThat(exchange.getException()).isNull();
        ObjectNode answer = results.map(exchange);
        assertThat(answer.get("truncated").asBoolean()).isTrue();
        assertThat(answer.get("truncatedReason").asText()).isEqualTo("max_bytes");
        // each row is about 1 KB: three fit in 4 KB, the fourth does not
        assertThat(answer.get("rowCount").asInt()).isEqualTo(3);
        assertThat(answer.get("rows").get(2).get(1).asText()).hasSize(1000);
        assertThat(new ObjectMapper().writeValueAsBytes(answer.get("rows")).length).isLessThanOrEqualTo(4096);
    }

    @Test
    void aCellLargerThanTheCapIsNotRead() {
        WarehouseQuery capped = new WarehouseQuery(warehouse.dataSource(), capped(2048));
        ObjectNode answer = results.map(run(capped, "SELECT 1 AS id, REPEAT('y', 100000) AS big", 500, null, 30));
        assertThat(answer.get("rowCount").asInt()).isZero();
        assertThat(answer.get("truncatedReason").asText()).isEqualTo("max_bytes");
        assertThat(answer.get("columns")).hasSize(2);
        ObjectNode binary = results.map(run(capped, "SELECT CAST(REPEAT('z', 100000) AS VARBINARY) AS big", 500, null, 30));
        assertThat(binary.get("truncatedReason").asText()).isEqualTo("max_bytes");
    }

    private static SqlToolProperties capped(int bytes) {
        return new Binder(new MapConfigurationPropertySource(Map.of("gateway.tools.sql.max-result-bytes", String.valueOf(bytes))))
                .bindOrCreate("gateway.tools.sql", SqlToolProperties.class);
    }
}
