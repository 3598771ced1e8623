package dev.cortexgateway.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@link WarehouseQuery} on the H2 sample warehouse, for what the HTTP tests cannot set up without
 * a context of their own: a small byte cap, a one-second timeout, template parameters. The row cap
 * and the answer's shape are tested through the production route ({@link SqlExecRowsHttpTest}).
 */
class WarehouseQueryTest {

    private static SqlWarehouse warehouse;

    @BeforeAll
    static void start() {
        warehouse = new SqlWarehouse(WarehouseProperties.defaults());
    }

    @AfterAll
    static void stop() {
        warehouse.destroy();
    }

    private static WarehouseQuery query(int maxResultBytes) {
        SqlToolProperties properties = new Binder(new MapConfigurationPropertySource(
                Map.of("gateway.tools.sql.max-result-bytes", String.valueOf(maxResultBytes))))
                .bindOrCreate("gateway.tools.sql", SqlToolProperties.class);
        return new WarehouseQuery(warehouse.dataSource(), properties);
    }

    @Test
    void readingStopsAtTheByteCapWithWholeRows() throws Exception {
        WarehouseQuery.Rows rows = query(4096).query("SELECT X, REPEAT('x', 1000) AS filler FROM SYSTEM_RANGE(1, 100)", null, 500, 30);
        assertThat(rows.truncatedReason()).isEqualTo(WarehouseQuery.MAX_BYTES);
        // each row is about 1 KB: three fit in 4 KB, the fourth does not
        assertThat(rows.rows()).hasSize(3);
        assertThat(rows.rows().get(2).get(1).asText()).hasSize(1000);
        assertThat(new ObjectMapper().writeValueAsBytes(rows.rows()).length).isLessThanOrEqualTo(4096);
    }

    @Test
    void aCellLargerThanTheCapIsNotRead() throws Exception {
        WarehouseQuery capped = query(2048);
        WarehouseQuery.Rows text = capped.query("SELECT 1 AS id, REPEAT('y', 100000) AS big", null, 500, 30);
        assertThat(text.rows()).isEmpty();
        assertThat(text.truncatedReason()).isEqualTo(WarehouseQuery.MAX_BYTES);
        assertThat(text.columns()).containsExactly("ID", "BIG");
        WarehouseQuery.Rows binary = capped.query("SELECT CAST(REPEAT('z', 100000) AS VARBINARY) AS big", null, 500, 30);
        assertThat(binary.rows()).isEmpty();
        assertThat(binary.truncatedReason()).isEqualTo(WarehouseQuery.MAX_BYTES);
    }

    @Test
    void templatesBindNamedParameters() throws Exception {
        SqlGuard guard = new SqlGuard(SqlToolProperties.defaults(), WarehouseProperties.defaults());
        try {
            WarehouseQuery query = query(1_048_576);
            SqlGuard.TemplateStatement template = guard.requireReadOnlyTemplate(
                    "SELECT order_id FROM orders WHERE region = :region AND amount > :min AND region = :region ORDER BY order_id");
            WarehouseQuery.Rows bound = query.query(template.sql(),
                    Map.of("region", "NA", "min", new BigDecimal("20000"), "unused", "x"), 500, 30);
            WarehouseQuery.Rows literal = query.query(
                    "SELECT order_id FROM orders WHERE region = 'NA' AND amount > 20000 ORDER BY order_id", null, 500, 30);
            assertThat(bound.rows()).isNotEmpty().isEqualTo(literal.rows());
            assertThat(bound.truncatedReason()).isNull();
        } finally {
            guard.destroy();
        }
    }

    @Test
    void theQueryTimeoutCancelsTheStatement() {
        SQLException e = catchThrowableOfType(SQLException.class, () -> query(1_048_576).query(
                "SELECT COUNT(*) FROM orders a, orders b, orders c, orders d", null, 5, 1));
        assertThat((Throwable) e).as("the statement timed out").isNotNull();
        GatewayException failure = SqlFailures.failure(e, false);
        assertThat(failure.code()).isEqualTo(ErrorCode.UPSTREAM_DEPENDENCY_FAILED);
        assertThat(failure.details()).containsEntry("cause", "UPSTREAM_TIMEOUT");
    }
}
