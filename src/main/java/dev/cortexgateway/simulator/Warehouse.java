package dev.cortexgateway.simulator;

import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.sql.SqlDialect;
import dev.cortexgateway.sql.SqlGuard;
import dev.cortexgateway.sql.SqlWarehouse;
import dev.cortexgateway.sql.WarehouseProperties;
import java.math.BigDecimal;
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
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The simulator's sample warehouse: an in-memory H2 database of its own, loaded from
 * {@code simulator/warehouse.sql}, built and locked exactly like the gateway's {@code sql_exec}
 * warehouse. A statement passes the same read-only guard ({@link SqlGuard}: one SELECT, WITH, SHOW,
 * DESCRIBE or EXPLAIN, none of H2's file, CSV or linked-schema functions) and then runs as the
 * SELECT-only reader account of {@link SqlWarehouse}, never as H2's admin. Its connection pool is
 * held here and is not a bean.
 */
@Component
public final class Warehouse implements DisposableBean {

    static final int MAX_ROWS = 10_000;

    /** A statement the guard refused; the message says why and never quotes the SQL. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final SqlGuard guard;
    private final SqlWarehouse sample;

    public Warehouse(SqlGuard guard) {
        this.guard = guard;
        // no url: a fresh in-memory H2 per instance, admin only while loading and granting
        WarehouseProperties defaults = WarehouseProperties.defaults();
        this.sample = SqlWarehouse.standalone(new WarehouseProperties(SqlDialect.H2, null, defaults.username(),
                defaults.password(), true, defaults.maxPoolSize(), defaults.connectionTimeout(), defaults.snowflake()));
    }

    /** Runs one read-only statement; throws {@link Refused} when the guard does not let it through. */
    ResultTable query(String sql, int timeoutSeconds) throws SQLException {
        SqlGuard.ReadOnlyStatement statementText;
        try {
            statementText = guard.requireReadOnly(sql, SqlDialect.H2);
        } catch (GatewayException e) {
            throw new Refused(e.getMessage());
        }
        try (Connection connection = sample.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.setMaxRows(MAX_ROWS);
            if (timeoutSeconds > 0) {
                statement.setQueryTimeout(timeoutSeconds);
            }
            try (ResultSet rs = statement.executeQuery(statementText.sql())) {
                return read(rs);
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
        sample.destroy();
    }
}
