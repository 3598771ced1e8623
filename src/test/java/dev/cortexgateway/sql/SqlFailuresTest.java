package dev.cortexgateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SQLExceptions become client errors by SQLState, never carrying the driver's message. */
class SqlFailuresTest {

    private static SqlWarehouse warehouse;

    @BeforeAll
    static void start() {
        warehouse = new SqlWarehouse(WarehouseProperties.defaults());
    }

    @AfterAll
    static void stop() {
        warehouse.destroy();
    }

    private static SQLException fromWarehouse(String sql) {
        try (Connection connection = warehouse.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
            throw new AssertionError("expected a failure");
        } catch (SQLException e) {
            return e;
        }
    }

    private static GatewayException checked(GatewayException e, String secret) {
        assertThat(e.getMessage()).doesNotContain(secret);
        assertThat(e.details().toString()).doesNotContain(secret);
        assertThat(e.getCause()).isNull();
        return e;
    }

    @Test
    void whatTheWarehouseRefusesIsTheCallersToFix() {
        GatewayException unknownTable = checked(SqlFailures.failure(fromWarehouse("SELECT * FROM secret_table_x"), false), "SECRET_TABLE_X");
        assertThat(unknownTable.code()).isEqualTo(ErrorCode.SQL_REJECTED);
        assertThat(unknownTable.code().status()).isEqualTo(400);
        assertThat(unknownTable.details()).containsOnlyKeys("sqlState").containsEntry("sqlState", "42S02");

        assertThat(SqlFailures.failure(fromWarehouse("SELECT 1 / 0"), false).code()).isEqualTo(ErrorCode.SQL_REJECTED);
        assertThat(SqlFailures.failure(fromWarehouse("SELECT * FROM orders WHERE secret_col_y = 1"), false).details())
                .containsEntry("sqlState", "42S22");
        // the reader's missing rights (H2's own state 90096) are a refusal too
        GatewayException write = SqlFailures.failure(fromWarehouse("DELETE FROM orders"), false);
        assertThat(write.code()).isEqualTo(ErrorCode.SQL_REJECTED);
        assertThat(write.details()).containsEntry("sqlState", "90096");
    }

    @Test
    void cancelledAndTimedOutStatementsAreTheDependencysFailure() {
        for (GatewayException e : new GatewayException[] {
                SqlFailures.failure(new SQLException("boom", "42000"), true),
                SqlFailures.failure(new SQLException("Statement was canceled", "57014"), false),
                SqlFailures.failure(new SQLTimeoutException("timeout"), false),
                SqlFailures.failure(new SQLException("lock timeout", "HYT00"), false)}) {
            assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_DEPENDENCY_FAILED);
            assertThat(e.code().status()).isEqualTo(424);
            assertThat(e.details()).containsExactlyEntriesOf(Map.of("cause", "UPSTREAM_TIMEOUT"));
        }
    }

    @Test
    void anythingElseIsAnUpstreamError() {
        GatewayException connection = checked(SqlFailures.failure(new SQLException("connect to host-secret failed", "08001"), false),
                "host-secret");
        assertThat(connection.code()).isEqualTo(ErrorCode.UPSTREAM_DEPENDENCY_FAILED);
        assertThat(connection.details()).containsEntry("cause", "UPSTREAM_ERROR").containsEntry("sqlState", "08001");
        assertThat(SqlFailures.failure(new SQLException("no state"), false).details()).containsOnlyKeys("cause");
    }
}
