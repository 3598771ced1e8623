package dev.cortexgateway.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.support.CancelScope;
import dev.cortexgateway.testing.WarehouseSessions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A statement running inside a cancel scope stops when the scope is cancelled. */
class CancellableDataSourceTest {

    /** 100 orders to the sixth power (10^12 rows): runs for hours unless cancelled, on any machine. */
    private static final String LONG_QUERY = "SELECT COUNT(*) FROM orders a, orders b, orders c, orders d, orders e, orders f";
    private static final WarehouseSessions SESSIONS = WarehouseSessions.newDatabase("cancellable");
    private static SqlWarehouse warehouse;
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void start() {
        WarehouseProperties defaults = WarehouseProperties.defaults();
        // a URL of the test's own, so it can see from the admin account when the statement runs
        warehouse = new SqlWarehouse(new WarehouseProperties(defaults.dialect(), SESSIONS.url(), "sa", "", true,
                defaults.maxPoolSize(), defaults.connectionTimeout(), defaults.snowflake()));
    }

    @AfterAll
    static void stop() {
        WORKER.shutdownNow();
        warehouse.destroy();
        SESSIONS.shutdown();
    }

    private static Object count(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(LONG_QUERY)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return e;
        }
    }

    @Test
    void cancellingTheScopeStopsTheRunningQuery() throws Exception {
        CancelScope scope = new CancelScope();
        Future<Object> result = WORKER.submit(() -> scope.run(() -> count(warehouse.dataSource())));
        await("the warehouse runs the statement").atMost(Duration.ofSeconds(30))
                .until(() -> SESSIONS.executing("orders a, orders b"));
        assertThat(result).isNotDone();

        scope.cancel();
        // the statement would run for hours: ending at all within this generous wait is the behaviour
        Object outcome = result.get(10, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(SQLException.class);
        assertThat(((SQLException) outcome).getSQLState()).isEqualTo("57014");
        assertThat(SqlFailures.failure((SQLException) outcome, scope.cancelled()).details()).containsEntry("cause", "UPSTREAM_TIMEOUT");
    }

    @Test
    void aStatementOfACancelledScopeFailsAtOnce() {
        CancelScope scope = new CancelScope();
        scope.cancel();
        assertThatThrownBy(() -> scope.run(() -> {
            try (Connection connection = warehouse.dataSource().getConnection()) {
                connection.prepareStatement("SELECT 1").close();
                return null;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        })).hasCauseInstanceOf(SQLException.class).cause().hasFieldOrPropertyWithValue("SQLState", "57014");
    }

    @Test
    void aFinishedStatementIsNotCancelledLaterAndOutsideAScopeNothingIsRegistered() throws Exception {
        CancelScope scope = new CancelScope();
        Object rows = scope.run(() -> {
            try (Connection connection = warehouse.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM customers")) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                return e;
            }
        });
        assertThat(rows).isEqualTo(20L);
        scope.cancel();
        try (Connection connection = warehouse.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM orders")) {
            assertThat(rs.next()).isTrue();
        }
        assertThat(warehouse.dataSource().isWrapperFor(CancellableDataSource.class)).isTrue();
    }
}
