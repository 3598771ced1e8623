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
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Maps camel-jdbc's {@code outputType=SelectList} result (a list of rows keyed by column label,
 * with the labels in order in the {@code CamelJdbcColumnNames} header, also for an empty result)
 * to the {@code sql_exec} contract: {@code {columns: [{name, type}], rows: [[...]], rowCount,
 * truncated, latencyMs}}. The route fetches one row more than the limit in exchange property
 * {@code sqlLimit}, so an extra row means the answer was truncated. Names are lower-cased (H2
 * upper-cases unquoted names; the contract is case-insensitive) and values made JSON-friendly:
 * exact numbers, ISO-8601 dates and times, Base64 bytes.
 */
@Component("sqlResults")
public final class SqlResults {

    /** camel-jdbc's {@code JdbcConstants.JDBC_COLUMN_NAMES}. */
    static final String COLUMN_NAMES = "CamelJdbcColumnNames";
    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    public ObjectNode map(Exchange exchange) {
        List<?> all = exchange.getMessage().getBody(List.class);
        List<?> fetched = all == null ? List.of() : all;
        Integer limit = exchange.getProperty("sqlLimit", Integer.class);
        boolean truncated = limit != null && fetched.size() > limit;
        List<?> rows = truncated ? fetched.subList(0, limit) : fetched;

        List<String> names = columnNames(exchange.getMessage().getHeader(COLUMN_NAMES), rows);
        ObjectNode answer = JSON.objectNode();
        ArrayNode columns = answer.putArray("columns");
        for (String name : names) {
            columns.addObject().put("name", name.toLowerCase(Locale.ROOT)).put("type", type(firstValue(rows, name)));
        }
        ArrayNode data = answer.putArray("rows");
        for (Object row : rows) {
            Map<?, ?> values = (Map<?, ?>) row;
            ArrayNode out = data.addArray();
            for (String name : names) {
                out.add(value(values.get(name)));
            }
        }
        answer.put("rowCount", rows.size());
        answer.put("truncated", truncated);
        Long started = exchange.getProperty("sqlStartedNanos", Long.class);
        answer.put("latencyMs", started == null ? 0 : Math.max(0, (System.nanoTime() - started) / 1_000_000));
        return answer;
    }

    private static List<String> columnNames(Object header, List<?> rows) {
        if (header instanceof Collection<?> labels) {
            return labels.stream().map(String::valueOf).toList();
        }
        return rows.isEmpty() ? List.of() : ((Map<?, ?>) rows.get(0)).keySet().stream().map(String::valueOf).toList();
    }

    private static Object firstValue(List<?> rows, String name) {
        for (Object row : rows) {
            Object value = ((Map<?, ?>) row).get(name);
            if (value != null) {
                return value;
            }
        }
        return null;
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
