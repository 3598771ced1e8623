package dev.cortexgateway.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.store.UsageStore;
import dev.cortexgateway.store.UsageStore.Filter;
import dev.cortexgateway.store.UsageStore.GroupBy;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/usage}: sums of the usage records over UTC days {@code from..to} (default: the
 * last 30 days up to today), filtered by {@code client}, {@code user} (an owner's subject),
 * {@code route} and {@code model}, grouped by {@code group_by}. Every parameter is checked: a bad one
 * is 400 INVALID_REQUEST naming it in {@code details.fields}.
 */
@Component("usageReport")
public final class UsageReport {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;
    static final int MAX_GROUPS = 1000;
    private static final int MAX_VALUE_CHARS = 256;

    private final UsageStore store;
    private final ObjectMapper json;
    private final Clock clock;

    public UsageReport(UsageStore store, ObjectMapper json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    public ObjectNode summary(Exchange exchange) {
        List<Map<String, String>> problems = new ArrayList<>();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate to = date(exchange, "to", today, problems);
        LocalDate from = date(exchange, "from", (to == null ? today : to).minusDays(DEFAULT_DAYS - 1L), problems);
        if (from != null && to != null) {
            if (from.isAfter(to)) {
                problems.add(problem("from", "must not be after to"));
            } else if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
                problems.add(problem("from", "at most " + MAX_DAYS + " days from..to"));
            }
        }
        GroupBy groupBy = groupBy(exchange, problems);
        Filter filter = new Filter(from, to, text(exchange, "client", problems), text(exchange, "user", problems),
                text(exchange, "route", problems), text(exchange, "model", problems));
        if (!problems.isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "The usage query has invalid parameters",
                    "Fix the parameters listed in details.fields; dates are YYYY-MM-DD (UTC)", Map.of("fields", problems));
        }
        UsageStore.Summary summary = store.summarize(filter, groupBy, MAX_GROUPS);
        ObjectNode answer = json.createObjectNode();
        answer.put("from", from.toString()).put("to", to.toString());
        answer.put("groupBy", groupBy == null ? null : groupBy.name().toLowerCase(Locale.ROOT));
        ObjectNode filters = answer.putObject("filters");
        filters.put("client", filter.clientId()).put("user", filter.userSubject()).put("route", filter.routeId())
                .put("model", filter.model());
        answer.set("totals", totals(summary.totals()));
        ArrayNode groups = answer.putArray("groups");
        for (UsageStore.Group group : summary.groups()) {
            ObjectNode node = groups.addObject().put("key", group.key());
            node.setAll(totals(group.totals()));
        }
        return answer;
    }

    private ObjectNode totals(UsageStore.Totals totals) {
        return json.createObjectNode()
                .put("requests", totals.requests())
                .put("inputTokens", totals.inputTokens())
                .put("outputTokens", totals.outputTokens())
                .put("totalTokens", totals.inputTokens() + totals.outputTokens())
                .put("cacheHits", totals.cacheHits())
                .put("averageLatencyMs", Math.round(totals.averageLatencyMs() * 10) / 10.0);
    }

    private static LocalDate date(Exchange exchange, String name, LocalDate absent, List<Map<String, String>> problems) {
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null) {
            return absent;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(problem(name, "a date as YYYY-MM-DD"));
            return null;
        }
    }

    private static GroupBy groupBy(Exchange exchange, List<Map<String, String>> problems) {
        String value = exchange.getIn().getHeader("group_by", String.class);
        if (value == null) {
            return null;
        }
        for (GroupBy groupBy : GroupBy.values()) {
            if (groupBy.name().toLowerCase(Locale.ROOT).equals(value)) {
                return groupBy;
            }
        }
        problems.add(problem("group_by", "one of client, user, day, model, route"));
        return null;
    }

    private static String text(Exchange exchange, String name, List<Map<String, String>> problems) {
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > MAX_VALUE_CHARS) {
            problems.add(problem(name, "1 to " + MAX_VALUE_CHARS + " characters"));
            return null;
        }
        return value;
    }

    private static Map<String, String> problem(String name, String message) {
        return Map.of("field", name, "message", message);
    }
}
