package dev.cortexgateway.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Maps what {@link WarehouseQuery} read to the {@code sql_exec} contract: {@code {columns: [{name,
 * type}], rows: [[...]], rowCount, truncated, truncatedReason?, latencyMs}}. {@code truncated} says
 * the statement had more to give than the answer holds; {@code truncatedReason} says which cap cut
 * it: {@code max_rows} (min(limit, gateway.tools.sql.max-rows)) or {@code max_bytes}
 * (gateway.tools.sql.max-result-bytes). Names are lower-cased (H2 upper-cases unquoted names; the
 * contract is case-insensitive) and values made JSON-friendly: exact numbers, ISO-8601 dates and
 * times, Base64 bytes.
 */
@Component("sqlResults")
public final class SqlResults {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    /**
     * The route passes the rows and when the statement was sent
     * ({@code map(${body}, ${exchangeProperty.sqlStartedNanos})}).
     *
     * @param startedNanos {@link System#nanoTime()} when the statement was sent; null gives latency 0
     */
    public ObjectNode map(WarehouseQuery.Rows read, Long startedNanos) {
        ObjectNode answer = JSON.objectNode();
        ArrayNode columns = answer.putArray("columns");
        for (int i = 0; i < read.columns().size(); i++) {
            columns.addObject().put("name", read.columns().get(i).toLowerCase(Locale.ROOT)).put("type", read.types().get(i));
        }
        answer.set("rows", read.rows());
        answer.put("rowCount", read.rows().size());
        answer.put("truncated", read.truncatedReason() != null);
        if (read.truncatedReason() != null) {
            answer.put("truncatedReason", read.truncatedReason());
        }
        answer.put("latencyMs", startedNanos == null ? 0 : Math.max(0, (System.nanoTime() - startedNanos) / 1_000_000));
        return answer;
    }

    static String type(Object value) {
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof java.sql.Date || value instanceof LocalDate) {
            return "date";
        }
        if (value instanceof Timestamp || value instanceof LocalDateTime || value instanceof OffsetDateTime
                || value instanceof ZonedDateTime || value instanceof Instant) {
            return "timestamp";
        }
        if (value instanceof Time || value instanceof LocalTime || value instanceof OffsetTime) {
            return "time";
        }
        if (value instanceof byte[]) {
            return "binary";
        }
        return "unknown";
    }

    static JsonNode value(Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof BigDecimal d) {
            return JSON.numberNode(d);
        }
        if (value instanceof BigInteger i) {
            return JSON.numberNode(i);
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite()) || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            return JSON.textNode(value.toString());
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Number n) {
            return n instanceof Double || n instanceof Float ? JSON.numberNode(n.doubleValue()) : JSON.numberNode(n.longValue());
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof byte[] bytes) {
            return JSON.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Object[] array) {
            ArrayNode out = JSON.arrayNode();
            for (Object element : array) {
                out.add(value(element));
            }
            return out;
        }
        return JSON.textNode(text(value));
    }

    private static String text(Object value) {
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof Timestamp t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t.toLocalDateTime());
        }
        if (value instanceof Time t) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(t.toLocalTime());
        }
        if (value instanceof LocalDateTime t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        }
        if (value instanceof LocalTime t) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
        }
        if (value instanceof OffsetDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        if (value instanceof ZonedDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        if (value instanceof OffsetTime t) {
            return DateTimeFormatter.ISO_OFFSET_TIME.format(t);
        }
        return value.toString();
    }
}
