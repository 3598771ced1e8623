package dev.cortexgateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SqlResults}' mapping of what {@link WarehouseQuery} read to the sql_exec answer, on rows
 * given by hand. Reading under the row cap is tested over HTTP through the production route
 * ({@link SqlExecRowsHttpTest}, {@link SqlResultCapHttpTest}); the reader's byte cap, template
 * parameters and timeout in {@link WarehouseQueryTest}.
 */
class SqlResultsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
    private final SqlResults results = new SqlResults();

    @Test
    void columnsAreLowerCasedInOrderWithTheirTypesAndRowsKeptAsRead() {
        ArrayNode rows = JSON.arrayNode();
        rows.addArray().add(1001).add(new BigDecimal("41737.42")).add("2024-12-02").add("LATAM");
        ObjectNode answer = results.map(new WarehouseQuery.Rows(List.of("ORDER_ID", "Amount", "order_date", "REGION"),
                List.of("number", "number", "date", "string"), rows, null), System.nanoTime());

        assertThat(answer.get("columns").toString()).isEqualTo("[{\"name\":\"order_id\",\"type\":\"number\"},"
                + "{\"name\":\"amount\",\"type\":\"number\"},{\"name\":\"order_date\",\"type\":\"date\"},"
                + "{\"name\":\"region\",\"type\":\"string\"}]");
        assertThat(answer.get("rows").toString()).isEqualTo("[[1001,41737.42,\"2024-12-02\",\"LATAM\"]]");
        assertThat(answer.get("rowCount").asInt()).isEqualTo(1);
        assertThat(answer.get("truncated").asBoolean()).isFalse();
        assertThat(answer.has("truncatedReason")).isFalse();
        assertThat(answer.get("latencyMs").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aCutAnswerSaysWhichCapCutIt() {
        for (String reason : List.of(WarehouseQuery.MAX_ROWS, WarehouseQuery.MAX_BYTES)) {
            ArrayNode rows = JSON.arrayNode();
            rows.addArray().add(1);
            rows.addArray().add(2);
            ObjectNode answer = results.map(new WarehouseQuery.Rows(List.of("X"), List.of("number"), rows, reason), null);
            assertThat(answer.get("rowCount").asInt()).isEqualTo(2);
            assertThat(answer.get("truncated").asBoolean()).isTrue();
            assertThat(answer.get("truncatedReason").asText()).isEqualTo(reason);
            // no start recorded: the latency is not made up
            assertThat(answer.get("latencyMs").asLong()).isZero();
        }
    }

    @Test
    void anEmptyResultStillNamesItsColumns() {
        ObjectNode answer = results.map(new WarehouseQuery.Rows(List.of("ORDER_ID", "REGION"),
                List.of("unknown", "unknown"), JSON.arrayNode(), null), System.nanoTime());
        assertThat(answer.get("columns").toString())
                .isEqualTo("[{\"name\":\"order_id\",\"type\":\"unknown\"},{\"name\":\"region\",\"type\":\"unknown\"}]");
        assertThat(answer.get("rows")).isEmpty();
        assertThat(answer.get("rowCount").asInt()).isZero();
        assertThat(answer.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void valuesAreJsonFriendly() {
        assertThat(SqlResults.value(new BigDecimal("41737.42")).decimalValue()).isEqualTo(new BigDecimal("41737.42"));
        assertThat(SqlResults.value(new BigInteger("123456789012345678901234567890")).toString())
                .isEqualTo("123456789012345678901234567890");
        assertThat(SqlResults.value(7L).toString()).isEqualTo("7");
        assertThat(SqlResults.value(1.5d).toString()).isEqualTo("1.5");
        assertThat(SqlResults.value(Double.NaN).toString()).isEqualTo("\"NaN\"");
        assertThat(SqlResults.value(true).toString()).isEqualTo("true");
        assertThat(SqlResults.value(null).isNull()).isTrue();
        assertThat(SqlResults.value(new byte[] {(byte) 0xCA, (byte) 0xFE}).toString()).isEqualTo("\"yv4=\"");
        assertThat(SqlResults.value(java.sql.Date.valueOf("2024-02-29")).toString()).isEqualTo("\"2024-02-29\"");
        assertThat(SqlResults.value(Timestamp.valueOf("2024-01-02 03:04:00")).toString()).isEqualTo("\"2024-01-02T03:04:00\"");
        assertThat(SqlResults.value(Time.valueOf("10:11:12")).toString()).isEqualTo("\"10:11:12\"");
        assertThat(SqlResults.value(OffsetDateTime.of(2024, 1, 2, 3, 4, 0, 0, ZoneOffset.ofHours(2))).toString())
                .isEqualTo("\"2024-01-02T03:04:00+02:00\"");
        assertThat(SqlResults.value(new Object[] {1, "a", null}).toString()).isEqualTo("[1,\"a\",null]");
    }

    @Test
    void typesAreNamedForTheContract() {
        assertThat(SqlResults.type(1)).isEqualTo("number");
        assertThat(SqlResults.type("x")).isEqualTo("string");
        assertThat(SqlResults.type(true)).isEqualTo("boolean");
        assertThat(SqlResults.type(java.sql.Date.valueOf("2024-02-29"))).isEqualTo("date");
        assertThat(SqlResults.type(LocalDate.of(2024, 2, 29))).isEqualTo("date");
        assertThat(SqlResults.type(LocalDateTime.of(2024, 1, 2, 3, 4))).isEqualTo("timestamp");
        assertThat(SqlResults.type(Time.valueOf("10:11:12"))).isEqualTo("time");
        assertThat(SqlResults.type(new byte[0])).isEqualTo("binary");
        assertThat(SqlResults.type(new Object())).isEqualTo("unknown");
    }
}
