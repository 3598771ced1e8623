package dev.cortexgateway.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.contract.RequestValidator;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.tools.ToolDefinitions;
import dev.cortexgateway.tools.kinds.sql_template.SqlTemplateKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/v1/pipelines/validate}: checks a tool definition or a route's settings without
 * applying or storing anything. A tool definition goes through {@link ToolDefinitions#validate}, the
 * very check registration runs. Route settings are checked here: the route exists, durations parse and
 * are positive, limits are positive, the upstream is one the gateway has, a route that must stay on is
 * not switched off. Every problem is one entry {field (JSON Pointer into the request), message, hint}.
 */
@Component("pipelineValidation")
public final class PipelineValidation {

    static final Set<String> UPSTREAMS = Set.of("cortex", "warehouse", "http", "none");
    static final Set<String> RATE_LIMIT_KEYS = Set.of("client", "ip");
    static final Set<String> SETTINGS = Set.of("enabled", "timeout", "rateLimit", "upstream", "concurrency");
    static final Set<String> RATE_LIMIT_FIELDS = Set.of("capacity", "refillTokens", "refillPeriod", "per");
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    static final Duration MAX_REFILL_PERIOD = Duration.ofDays(1);
    static final int MAX_CAPACITY = 1_000_000;
    static final int MAX_CONCURRENCY = 10_000;

    private final ToolDefinitions tools;
    private final PipelineRoutes pipelines;
    private final RequestValidator validator;
    private final ObjectMapper json;

    public PipelineValidation(ToolDefinitions tools, PipelineRoutes pipelines, RequestValidator validator, ObjectMapper json) {
        this.tools = tools;
        this.pipelines = pipelines;
        this.validator = validator;
        this.json = json;
    }

    /**
     * Compiles the schemas and loads the SQL parser once at start-up: cold, the first validate call
     * took 200-850 ms (docs/performance.md), warm ones take milliseconds.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void warmUp() {
        ObjectNode definition = json.createObjectNode().put("name", "warm_up").put("kind", SqlTemplateKind.NAME)
                .put("description", "start-up warm-up").put("sql", "SELECT 1 WHERE 1 = :one");
        definition.putObject("parameters").putObject("one").put("type", "integer");
        ObjectNode request = json.createObjectNode().put("kind", "tool");
        request.set("definition", definition);
        validator.violations("PipelineValidationRequest", request);
        tools.validate(definition);
    }

    /** The route step; the body was checked against PipelineValidationRequest first. */
    public ObjectNode validate(Exchange exchange) {
        JsonNode request = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        List<Map<String, String>> errors = "tool".equals(request.path("kind").asText())
                ? tool(request.path("definition"))
                : route(request.path("id").asText(), request.path("settings"));
        ObjectNode answer = json.createObjectNode()
                .put("valid", errors.isEmpty())
                .put("kind", request.path("kind").asText());
        ArrayNode list = answer.putArray("errors");
        errors.forEach(e -> list.add(json.valueToTree(e)));
        return answer;
    }

    private List<Map<String, String>> tool(JsonNode definition) {
        return tools.validate(definition).stream()
                .map(e -> error("/definition" + ("/".equals(e.get("field")) ? "" : e.get("field")), e.get("message"), e.get("hint")))
                .toList();
    }

    private List<Map<String, String>> route(String id, JsonNode settings) {
        List<Map<String, String>> errors = new ArrayList<>();
        var pipeline = pipelines.find(id);
        if (pipeline.isEmpty()) {
            errors.add(error("/id", "'" + id + "' is not a pipeline", "GET /api/v1/pipelines lists the pipelines' ids"));
        }
        for (Iterator<String> names = settings.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SETTINGS.contains(name)) {
                errors.add(error("/settings/" + name, "is not a route setting", "Use " + String.join(", ", sorted(SETTINGS))));
            }
        }
        JsonNode enabled = settings.get("enabled");
        if (enabled != null) {
            if (!enabled.isBoolean()) {
                errors.add(error("/settings/enabled", "must be true or false", "Give a JSON boolean"));
            } else if (!enabled.asBoolean() && pipeline.isPresent() && !pipeline.get().switchable()) {
                errors.add(error("/settings/enabled", "'" + id + "' cannot be switched off",
                        "The pipelines, auth-token, health and docs routes stay on so that the gateway remains operable"));
            }
        }
        JsonNode timeout = settings.get("timeout");
        if (timeout != null) {
            duration(timeout, "/settings/timeout", MAX_TIMEOUT, errors);
        }
        JsonNode upstream = settings.get("upstream");
        if (upstream != null && !(upstream.isTextual() && UPSTREAMS.contains(upstream.asText()))) {
            errors.add(error("/settings/upstream", "is not an upstream of the gateway: " + upstream,
                    "Use one of " + String.join(", ", sorted(UPSTREAMS))));
        }
        JsonNode concurrency = settings.get("concurrency");
        if (concurrency != null) {
            count(concurrency, "/settings/concurrency", MAX_CONCURRENCY, "calls in flight at once", errors);
        }
        JsonNode rateLimit = settings.get("rateLimit");
        if (rateLimit != null) {
            rateLimit(rateLimit, errors);
        }
        return errors;
    }

    private static void rateLimit(JsonNode limit, List<Map<String, String>> errors) {
        if (!limit.isObject()) {
            errors.add(error("/settings/rateLimit", "must be an object",
                    "Give {capacity, refillTokens, refillPeriod}, e.g. {\"capacity\": 20, \"refillTokens\": 20, \"refillPeriod\": \"1m\"}"));
            return;
        }
        for (Iterator<String> names = limit.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!RATE_LIMIT_FIELDS.contains(name)) {
                errors.add(error("/settings/rateLimit/" + name, "is not a rate-limit setting",
                        "Use " + String.join(", ", sorted(RATE_LIMIT_FIELDS))));
            }
        }
        for (String required : List.of("capacity", "refillTokens", "refillPeriod")) {
            if (!limit.has(required)) {
                errors.add(error("/settings/rateLimit/" + required, "is required",
                        "A token bucket needs capacity, refillTokens and refillPeriod"));
            }
        }
        Long capacity = limit.has("capacity")
                ? count(limit.get("capacity"), "/settings/rateLimit/capacity", MAX_CAPACITY, "tokens the bucket holds", errors) : null;
        Long refill = limit.has("refillTokens")
                ? count(limit.get("refillTokens"), "/settings/rateLimit/refillTokens", MAX_CAPACITY, "tokens added per period", errors) : null;
        if (capacity != null && refill != null && refill > capacity) {
            errors.add(error("/settings/rateLimit/refillTokens", "is " + refill + ", more than the capacity " + capacity,
                    "A bucket never holds more than its capacity: refill at most capacity tokens per period"));
        }
        if (limit.has("refillPeriod")) {
            duration(limit.get("refillPeriod"), "/settings/rateLimit/refillPeriod", MAX_REFILL_PERIOD, errors);
        }
        JsonNode per = limit.get("per");
        if (per != null && !(per.isTextual() && RATE_LIMIT_KEYS.contains(per.asText()))) {
            errors.add(error("/settings/rateLimit/per", "is not a bucket key: " + per, "Use client (the token's subject) or ip"));
        }
    }

    /** A whole number in 1..max, or null after recording why not. */
    private static Long count(JsonNode value, String field, long max, String what, List<Map<String, String>> errors) {
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            errors.add(error(field, "must be a whole number", "Give the " + what + " as an integer, e.g. 10"));
            return null;
        }
        long n = value.asLong();
        if (n < 1 || n > max) {
            errors.add(error(field, "is " + n + ", must be between 1 and " + max, "Give a positive number of " + what));
            return null;
        }
        return n;
    }

    private static void duration(JsonNode value, String field, Duration max, List<Map<String, String>> errors) {
        String example = "a duration such as 500ms, 10s, 2m or PT10S";
        if (!value.isTextual()) {
            errors.add(error(field, "must be a duration string", "Give " + example));
            return;
        }
        Duration parsed;
        try {
            parsed = DurationStyle.detectAndParse(value.asText());
        } catch (IllegalArgumentException e) {
            errors.add(error(field, "'" + value.asText() + "' is not a duration", "Give " + example));
            return;
        }
        if (parsed.isNegative() || parsed.isZero()) {
            errors.add(error(field, "must be positive, is " + value.asText(), "Give " + example));
        } else if (parsed.compareTo(max) > 0) {
            String most = max.toString().substring(2).toLowerCase();
            errors.add(error(field, "is longer than " + most, "Give at most " + most));
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static Map<String, String> error(String field, String message, String hint) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("field", field);
        entry.put("message", message);
        entry.put("hint", hint == null ? "" : hint);
        return entry;
    }
}
