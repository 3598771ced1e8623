package dev.cortexgateway.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cortexgateway.exchange.ExchangeKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The dispatch step of the SQL pipelines (routes/tools.yaml): runs the verified statement on the
 * warehouse and reads its answer under two caps, rows ({@code sqlLimit}) and bytes
 * ({@code gateway.tools.sql.max-result-bytes}). Bytes are counted while the rows are read, as the
 * JSON they become, and reading stops at the cap: no more than the cap is ever held, whatever the
 * statement returns. Text and binary cells are read through bounded streams, so one cell larger
 * than what is left of the cap is never materialised by the gateway (the driver may hold it;
 * H2 in-memory computes it itself). Rows are whole: the row that does not fit is left out and the
 * answer is marked truncated with the reason.
 *
 * <p>Replaces camel-jdbc's {@code outputType=SelectList}, which reads every row (and every cell
 * with {@code getObject}) before the route can look at the size. Template parameters come as
 * camel-jdbc's {@code :?name} markers with their values in the {@code CamelJdbcParameters} header,
 * as {@link SqlGuard#requireReadOnlyTemplate} writes them.
 */
@Component("warehouseQuery")
public final class WarehouseQuery {

    public static final String MAX_ROWS = "max_rows";
    public static final String MAX_BYTES = "max_bytes";

    private static final Pattern NAMED = Pattern.compile(":\\?(\\w+)");
    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
    /** What a cell that does not fit reads as: reading stops there. */
    private static final Object TOO_LARGE = new Object();

    private final DataSource dataSource;
    private final SqlToolProperties properties;

    @Autowired
    public WarehouseQuery(SqlWarehouse warehouse, SqlToolProperties properties) {
        this(warehouse.dataSource(), properties);
    }

    WarehouseQuery(DataSource dataSource, SqlToolProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
    }

    /**
     * A statement's answer: column labels in order, each column's type (of its first non-null value),
     * the rows as JSON arrays, and why it was cut ({@value #MAX_ROWS}, {@value #MAX_BYTES}) or null.
     */
    public record Rows(List<String> columns, List<String> types, ArrayNode rows, String truncatedReason) {
    }

    /**
     * Runs a verified statement; the route passes what it needs
     * ({@code run(${body}, ${header.CamelJdbcParameters}, ${exchangeProperty.sqlLimit},
     * ${exchangeProperty.sqlQueryTimeoutSeconds})}) and the answer becomes the body.
     *
     * @param parameters a template's named parameters, null for a plain statement
     * @param limit      the row cap, null for the setting's maximum
     * @param timeout    the statement timeout in seconds, null for the setting
     */
    public Rows run(String sql, Map<?, ?> parameters, Integer limit, Integer timeout) throws SQLException {
        return query(sql, parameters, limit == null ? properties.maxRows() : limit,
                timeout == null ? properties.queryTimeoutSeconds() : timeout);
    }

    Rows query(String sql, Map<?, ?> parameters, int limit, int queryTimeoutSeconds) throws SQLException {
        List<Object> values = new ArrayList<>();
        String executable = sql;
        if (parameters != null) {
            Matcher m = NAMED.matcher(sql);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                values.add(parameters.get(m.group(1)));
                m.appendReplacement(out, "?");
            }
            m.appendTail(out);
            executable = out.toString();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(executable)) {
            // one row more than the limit tells a truncated answer
            statement.setMaxRows(limit + 1);
            statement.setQueryTimeout(queryTimeoutSeconds);
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            if (!statement.execute()) {
                return new Rows(List.of(), List.of(), JSON.arrayNode(), null);
            }
            try (ResultSet rs = statement.getResultSet()) {
                return read(rs, limit);
            }
        }
    }

    private Rows read(ResultSet rs, int limit) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int count = meta.getColumnCount();
        List<String> columns = new ArrayList<>(count);
        int[] sqlTypes = new int[count];
        String[] types = new String[count];
        long left = properties.maxResultBytes();
        for (int i = 0; i < count; i++) {
            columns.add(meta.getColumnLabel(i + 1));
            sqlTypes[i] = meta.getColumnType(i + 1);
            // {"name":"...","type":"timestamp"},
            left -= utf8Length(columns.get(i)) + 32;
        }
        ArrayNode rows = JSON.arrayNode();
        String truncated = null;
        while (rs.next()) {
            if (rows.size() == limit) {
                truncated = MAX_ROWS;
                break;
            }
            ArrayNode row = JSON.arrayNode(count);
            long rowLeft = left - 3;
            Object[] raw = new Object[count];
            for (int i = 0; i < count && rowLeft >= 0; i++) {
                Object value = cell(rs, i + 1, sqlTypes[i], rowLeft);
                if (value == TOO_LARGE) {
                    rowLeft = -1;
                    break;
                }
                JsonNode node = SqlResults.value(value);
                rowLeft -= size(node) + 1;
                row.add(node);
                raw[i] = value;
            }
            if (rowLeft < 0) {
                truncated = MAX_BYTES;
                break;
            }
            left = rowLeft;
            rows.add(row);
            for (int i = 0; i < count; i++) {
                if (types[i] == null && raw[i] != null) {
                    types[i] = SqlResults.type(raw[i]);
                }
            }
        }
        List<String> typeList = new ArrayList<>(count);
        for (String type : types) {
            typeList.add(type == null ? "unknown" : type);
        }
        return new Rows(Collections.unmodifiableList(columns), Collections.unmodifiableList(typeList), rows, truncated);
    }

    /** One cell, read with at most {@code left} bytes (as JSON) held; {@link #TOO_LARGE} past that. */
    private static Object cell(ResultSet rs, int column, int sqlType, long left) throws SQLException {
        try {
            switch (sqlType) {
                case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                     Types.CLOB, Types.NCLOB -> {
                    return text(rs.getCharacterStream(column), left);
                }
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                    return bytes(rs.getBinaryStream(column), left);
                }
                default -> {
                    return rs.getObject(column);
                }
            }
        } catch (SQLFeatureNotSupportedException noStreams) {
            return rs.getObject(column);
        } catch (IOException e) {
            throw new SQLException("reading a cell failed", "58030", e);
        }
    }

    private static Object text(Reader reader, long left) throws IOException {
        if (reader == null) {
            return null;
        }
        try (reader) {
            // every character is at least one byte of JSON, and the quotes two more
            long most = left - 2;
            if (most < 0) {
                return TOO_LARGE;
            }
            StringBuilder out = new StringBuilder((int) Math.min(most + 1, 8192));
            char[] buffer = new char[8192];
            int n;
            while ((n = reader.read(buffer, 0, (int) Math.min(buffer.length, most + 1 - out.length()))) > 0) {
                out.append(buffer, 0, n);
                if (out.length() > most) {
                    return TOO_LARGE;
                }
            }
            return out.toString();
        }
    }

    private static Object bytes(InputStream in, long left) throws IOException {
        if (in == null) {
            return null;
        }
        try (in) {
            // Base64: 4 characters per 3 bytes, plus the quotes
            long most = Math.max(-1, (left - 2) / 4 * 3);
            if (most < 0) {
                return TOO_LARGE;
            }
            byte[] read = in.readNBytes((int) Math.min(most + 1, Integer.MAX_VALUE - 8));
            return read.length > most ? TOO_LARGE : read;
        }
    }

    /** The bytes {@code node} takes in the answer's JSON (escapes aside). */
    private static long size(JsonNode node) {
        if (node.isTextual()) {
            return utf8Length(node.textValue()) + 2;
        }
        return node.toString().length();
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
