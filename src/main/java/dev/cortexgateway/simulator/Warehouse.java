package dev.cortexgateway.simulator;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.RunScript;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The simulator's sample warehouse: its own in-memory H2 database, loaded from
 * {@code simulator/warehouse.sql}. The DataSource is held here and is deliberately not a bean, so
 * that Spring Boot's own DataSource (the gateway's stores) stays the only one. Each instance gets a
 * database of its own name, because test contexts with different settings live in one JVM.
 *
 * <p>Queries are read-only twice over: only SELECT/WITH/SHOW/DESCRIBE statements are accepted,
 * and every statement runs in a transaction that is rolled back.
 */
@Component
@ConditionalOnProperty(name = "gateway.simulator.enabled", havingValue = "true")
public final class Warehouse implements DisposableBean {

    static final int MAX_ROWS = 10_000;
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Pattern READ_ONLY = Pattern.compile("^\\s*(SELECT|WITH|SHOW|DESCRIBE|DESC)\\b",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern DESCRIBE = Pattern.compile("^\\s*DESC(?:RIBE)?\\s+(?:TABLE\\s+|VIEW\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*;?\\s*$",
            Pattern.CASE_INSENSITIVE);

    private final JdbcDataSource dataSource = new JdbcDataSource();

    public Warehouse() {
        dataSource.setURL("jdbc:h2:mem:cortex_sim_" + INSTANCES.incrementAndGet() + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        dataSource.setUser("sa");
        try (Connection connection = dataSource.getConnection();
             Reader script = new InputStreamReader(new ClassPathResource("simulator/warehouse.sql").getInputStream(),
                     StandardCharsets.UTF_8)) {
            RunScript.execute(connection, script);
        } catch (SQLException e) {
            throw new IllegalStateException("simulator/warehouse.sql does not load", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the SQL API must refuse this statement, or null when it may run. */
    static String refusal(String sql) {
        if (sql == null || sql.isBlank()) {
            return "SQL compilation error: empty statement";
        }
        if (!READ_ONLY.matcher(sql).find()) {
            return "SQL access control error: the simulator's warehouse is read-only; only SELECT, WITH, SHOW and DESCRIBE run";
        }
        String trimmed = sql.strip();
        int semicolon = trimmed.indexOf(';');
        if (semicolon >= 0 && semicolon < trimmed.length() - 1) {
            return "Actual statement count 2 did not match the desired statement count 1.";
        }
        return null;
    }

    /** Runs one read-only statement; the caller has checked {@link #refusal(String)}. */
    ResultTable query(String sql, int timeoutSeconds) throws SQLException {
        String statementText = sql.strip();
        Matcher describe = DESCRIBE.matcher(statementText);
        if (describe.matches()) {
            // H2 has no DESCRIBE; its SHOW COLUMNS lists the same facts
            statementText = "SHOW COLUMNS FROM " + describe.group(1);
        }
        if (statementText.endsWith(";")) {
            statementText = statementText.substring(0, statementText.length() - 1);
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement()) {
                statement.setMaxRows(MAX_ROWS);
                if (timeoutSeconds > 0) {
                    statement.setQueryTimeout(timeoutSeconds);
                }
                try (ResultSet rs = statement.executeQuery(statementText)) {
                    return read(rs);
                }
            } finally {
                connection.rollback();
            }
        }
    }

    private static ResultTable read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<ResultTable.Column> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(column(meta, i));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                row.add(cell(rs, i, columns.get(i - 1).type()));
            }
            rows.add(row);
        }
        return new ResultTable(UUID.randomUUID().toString(), List.copyOf(columns), List.copyOf(rows));
    }

    private static ResultTable.Column column(ResultSetMetaData meta, int i) throws SQLException {
        String name = meta.getColumnLabel(i).toUpperCase(Locale.ROOT);
        boolean nullable = meta.isNullable(i) != ResultSetMetaData.columnNoNulls;
        return switch (meta.getColumnType(i)) {
            case Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.TINYINT, Types.NUMERIC, Types.DECIMAL ->
                    new ResultTable.Column(name, "fixed", Math.min(38, Math.max(1, meta.getPrecision(i))),
                            Math.max(0, meta.getScale(i)), null, nullable);
            case Types.DOUBLE, Types.FLOAT, Types.REAL -> new ResultTable.Column(name, "real", null, null, null, nullable);
            case Types.DATE -> new ResultTable.Column(name, "date", null, null, null, nullable);
            case Types.TIMESTAMP -> new ResultTable.Column(name, "timestamp_ntz", null, 9, null, nullable);
            case Types.BOOLEAN -> new ResultTable.Column(name, "boolean", null, null, null, nullable);
            default -> new ResultTable.Column(name, "text", null, null,
                    Math.min(16_777_216, Math.max(1, meta.getPrecision(i))), nullable);
        };
    }

    /** Cell values in the SQL API's jsonv2 encoding: dates as days since the epoch, timestamps as seconds. */
    private static String cell(ResultSet rs, int i, String type) throws SQLException {
        Object value = rs.getObject(i);
        if (value == null) {
            return null;
        }
        return switch (type) {
            case "fixed" -> value instanceof BigDecimal d ? d.toPlainString() : value.toString();
            case "date" -> Long.toString(rs.getDate(i).toLocalDate().toEpochDay());
            case "timestamp_ntz" -> {
                Timestamp ts = rs.getTimestamp(i);
                yield (ts.getTime() / 1000) + "." + String.format(Locale.ROOT, "%09d", ts.getNanos());
            }
            default -> value instanceof Date d ? d.toString() : value.toString();
        };
    }

    @Override
    public void destroy() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            // the database is going away with this context either way
        }
    }
}
