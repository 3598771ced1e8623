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
    void everyMistakeACallerCanMakeOnH2IsRejectedAndNotAWarehouseFailure() {
        // H2 answers an unknown function with its own state 90022, outside class 42: it was counted as
        // a warehouse failure, so a few calls opened the shared breaker for everyone
        for (String sql : new String[] {
                "SELECT NO_SUCH_FUNCTION_X(1)",
                "SELECT * FROM no_such_table",
                "SELECT no_such_column FROM orders",
                "SELECT CAST('abc' AS INT)",
                "SELECT 1 / 0",
                "SELECT FROM WHERE",
                "SELECT order_id FROM orders o, orders p",
                "SELECT (SELECT order_id FROM orders)",
                "SELECT SUM(region) FROM orders",
                "SELECT region, COUNT(*) FROM orders",
                "SELECT DATEADD('NO_SUCH_UNIT', 1, CURRENT_DATE)",
                "SELECT * FROM no_such_schema.orders",
                "DELETE FROM orders"}) {
            SQLException e = fromWarehouse(sql);
            assertThat(SqlFailures.kind(e, false)).as("%s (%s)", sql, e.getSQLState()).isEqualTo(SqlFailures.Kind.REJECTED);
            assertThat(SqlFailures.isWarehouseFailure(e)).as(sql).isFalse();
            GatewayException failure = SqlFailures.failure(e, false);
            assertThat(failure.code()).isEqualTo(ErrorCode.SQL_REJECTED);
            assertThat(failure.code().retryable()).isFalse();
        }
        assertThat(SqlFailures.failure(fromWarehouse("SELECT NO_SUCH_FUNCTION_X(1)"), false).details())
                .containsEntry("sqlState", "90022");
    }

    @Test
    void h2SystemFailuresAreTheWarehouses() {
        for (SQLException e : new SQLException[] {
                org.h2.message.DbException.getJdbcSQLException(org.h2.api.ErrorCode.CONNECTION_BROKEN_1, "x"),
                org.h2.message.DbException.getJdbcSQLException(org.h2.api.ErrorCode.DATABASE_IS_CLOSED),
                org.h2.message.DbException.getJdbcSQLException(org.h2.api.ErrorCode.OUT_OF_MEMORY),
                org.h2.message.DbException.getJdbcSQLException(org.h2.api.ErrorCode.IO_EXCEPTION_1, "x"),
                org.h2.message.DbException.getJdbcSQLException(org.h2.api.ErrorCode.GENERAL_ERROR_1, "x"),
                new java.sql.SQLTransientConnectionException("warehouse - Connection is not available", "90067")}) {
            assertThat(SqlFailures.kind(e, false)).as(e.getSQLState()).isEqualTo(SqlFailures.Kind.UPSTREAM);
            assertThat(SqlFailures.isWarehouseFailure(e)).isTrue();
        }
    }

    @Test
    void snowflakesStatesAreClassifiedTheSameWay() {
        // (SQLState, Snowflake error code) as its driver reports them
        Map<String, Integer> callers = Map.of(
                "42601", 2140,   // SQL compilation error: Unknown function
                "42S02", 2003,   // object does not exist or not authorized
                "42000", 904,    // invalid identifier
                "22018", 100038, // numeric value is not recognized
                "22012", 100051, // division by zero
                "0A000", 2,      // unsupported feature
                "42501", 3001,   // insufficient privileges
                "21000", 90031); // single-row subquery returns more than one row
        callers.forEach((state, code) -> {
            SQLException e = new net.snowflake.client.api.exception.SnowflakeSQLException("q-1", "refused", state, code);
            assertThat(SqlFailures.kind(e, false)).as(state).isEqualTo(SqlFailures.Kind.REJECTED);
        });
        Map<String, Integer> warehouse = Map.of(
                "08001", 390114, // cannot connect / session lost
                "08006", 200006, // connection failure
                "57P03", 606,    // no active warehouse (suspended or resuming)
                "58030", 200015, // I/O error reading the result
                "XX000", 200001, // internal error
                "53200", 100101); // out of memory
        warehouse.forEach((state, code) -> {
            SQLException e = new net.snowflake.client.api.exception.SnowflakeSQLException("q-1", "failed", state, code);
            assertThat(SqlFailures.kind(e, false)).as(state).isEqualTo(SqlFailures.Kind.UPSTREAM);
        });
        SQLException timeout = new net.snowflake.client.api.exception.SnowflakeSQLException("q-1",
                "Statement reached its statement or warehouse timeout", "57014", 630);
        assertThat(SqlFailures.kind(timeout, false)).isEqualTo(SqlFailures.Kind.TIMEOUT);
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
