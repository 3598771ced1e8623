package dev.cortexgateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The second lock: every forbidden statement of the corpus, run directly on the warehouse's reader
 * account without the guard, leaves the sample data, the schema and the accounts as they were.
 */
class ReaderCannotWriteTest {

    private static final String URL = "jdbc:h2:mem:reader_test_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private static SqlWarehouse warehouse;
    private static JdbcDataSource admin;

    @BeforeAll
    static void start() {
        WarehouseProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "gateway.warehouse.url", URL, "gateway.warehouse.username", "loader", "gateway.warehouse.password", "loader-secret")))
                .bindOrCreate("gateway.warehouse", WarehouseProperties.class);
        warehouse = new SqlWarehouse(properties);
        admin = new JdbcDataSource();
        admin.setURL(URL);
        admin.setUser("loader");
        admin.setPassword("loader-secret");
    }

    @AfterAll
    static void stop() throws SQLException {
        warehouse.destroy();
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    @Test
    void everyForbiddenStatementLeavesTheWarehouseAsItWas() throws SQLException {
        // each statement on a new session of the pool's own account, so no session state (SET
        // AUTOCOMMIT FALSE, SET SCHEMA, an open transaction) carries over and hides a later write
        HikariDataSource pool = warehouse.dataSource().unwrap(HikariDataSource.class);
        JdbcDataSource reader = new JdbcDataSource();
        reader.setURL(pool.getJdbcUrl());
        reader.setUser(pool.getUsername());
        reader.setPassword(pool.getPassword());
        List<String> before = checksum();
        assertThat(before).hasSizeGreaterThan(100);
        List<String> ran = new ArrayList<>();
        List<String> changedTheReadersPassword = new ArrayList<>();
        for (SqlCorpus entry : SqlCorpus.read(SqlCorpus.FORBIDDEN)) {
            try (Connection connection = reader.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(entry.sql());
                    connection.commit();
                    ran.add(entry.toString());
                } catch (SQLException refused) {
                    // refused by the database: what this test wants to see
                }
            }
            assertThat(checksum()).as("after %s", entry).isEqualTo(before);
            try (Connection stillReader = reader.getConnection()) {
                assertThat(stillReader.isValid(1)).isTrue();
            } catch (SQLException loginFailed) {
                changedTheReadersPassword.add(entry.toString());
                try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
                    statement.execute("ALTER USER " + SqlWarehouse.READER + " SET PASSWORD '" + pool.getPassword() + "'");
                }
            }
        }
        System.out.println("ran without an error, and changed nothing:\n  " + String.join("\n  ", ran));
        // H2 lets every user change its own password: no data changes, but new pool connections
        // would fail until a restart; the guard is what refuses ALTER USER
        assertThat(changedTheReadersPassword).singleElement().asString().contains("ALTER USER GATEWAY_READER SET PASSWORD");
        assertThat(warehouse.ping()).isTrue();
    }

    @Test
    void theReaderRunsEveryAllowedStatementAsTheGuardPassesIt() throws SQLException {
        SqlGuard guard = new SqlGuard(SqlToolProperties.defaults(), WarehouseProperties.defaults());
        SqlWarehouse warehouse = new SqlWarehouse(WarehouseProperties.defaults());
        try {
            for (SqlCorpus entry : SqlCorpus.read(SqlCorpus.ALLOWED)) {
                if (entry.onlyFor() != null) {
                    continue;
                }
                String sql = guard.requireReadOnly(entry.sql(), SqlDialect.H2).sql();
                try (Connection connection = warehouse.dataSource().getConnection(); Statement statement = connection.createStatement()) {
                    assertThat(statement.execute(sql)).as("%s returns rows", entry).isTrue();
                }
            }
        } finally {
            guard.destroy();
            warehouse.destroy();
        }
    }

    /** Everything the corpus might change: all rows of the sample tables, the objects, the accounts and their rights. */
    private static List<String> checksum() throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            for (String query : List.of(
                    "SELECT COUNT(*), SUM(amount) FROM orders",
                    "SELECT COUNT(*) FROM customers",
                    "SELECT * FROM orders ORDER BY order_id",
                    "SELECT * FROM customers ORDER BY customer_id",
                    "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES ORDER BY 1, 2",
                    "SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA ORDER BY 1",
                    "SELECT USER_NAME, IS_ADMIN FROM INFORMATION_SCHEMA.USERS ORDER BY 1",
                    "SELECT GRANTEE, RIGHTS, TABLE_NAME FROM INFORMATION_SCHEMA.RIGHTS ORDER BY 1, 2, 3",
                    "SELECT ROUTINE_NAME FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY 1",
                    "SELECT SEQUENCE_NAME FROM INFORMATION_SCHEMA.SEQUENCES ORDER BY 1",
                    "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES ORDER BY 1",
                    "SELECT TRIGGER_NAME FROM INFORMATION_SCHEMA.TRIGGERS ORDER BY 1")) {
                try (ResultSet rs = statement.executeQuery(query)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder line = new StringBuilder(query.substring(0, Math.min(40, query.length()))).append(':');
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            line.append(' ').append(rs.getString(i));
                        }
                        lines.add(line.toString());
                    }
                }
            }
        }
        return lines;
    }
}
