package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.limits.RateLimitProperties;
import dev.cortexgateway.tools.kinds.ToolKinds;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * How tools look to callers: the FACT API's keys ({@code name, description, version, status,
 * requires_auth, parameters, usage_stats, created_at, last_updated, configuration, security,
 * usage_statistics}) and the gateway's own ({@code kind, builtIn, timeoutSeconds, input_schema,
 * usage, definition}). One view serves the list and the detail. Every number is read from the
 * tool, the settings or the usage counters; what the gateway does not know is null (ToolInfo schema).
 */
@Component
public final class ToolViews {

    /** The rate-limit group of routes/tools.yaml: calling a tool takes from it. */
    private static final String RATE_LIMIT_GROUP = "tools";
    private static final double MB = 1024.0 * 1024.0;

    private final ToolUsage usage;
    private final ToolKinds kinds;
    private final RateLimitProperties rateLimits;
    private final Clock clock;
    private final ObjectMapper json;

    public ToolViews(ToolUsage usage, ToolKinds kinds, RateLimitProperties rateLimits, Clock clock, ObjectMapper json) {
        this.usage = usage;
        this.kinds = kinds;
        this.rateLimits = rateLimits;
        this.clock = clock;
        this.json = json;
    }

    /** {@code GET /api/v1/tools}: the tools with {@code total_count}, {@code active_count} and {@code timestamp}. */
    public ObjectNode list(List<Tool> all, boolean admin) {
        ObjectNode answer = json.createObjectNode();
        ArrayNode items = answer.putArray("tools");
        all.forEach(tool -> items.add(tool(tool, admin)));
        answer.put("total_count", all.size())
                .put("active_count", all.stream().filter(Tool::enabled).count())
                .put("timestamp", clock.instant().toString());
        return answer;
    }

    public ObjectNode tool(Tool tool, boolean admin) {
        ObjectNode statistics = usage.statistics(tool.name());
        ObjectNode node = json.createObjectNode()
                .put("name", tool.name())
                .put("description", tool.description())
                .put("version", tool.version())
                .put("status", status(tool))
                .put("requires_auth", requiresAuthorization(tool));
        node.set("parameters", ToolParameters.of(tool.parameters(), json));
        node.putObject("usage_stats")
                .setAll(pick(statistics, "total_calls", "success_rate", "average_execution_time_ms"));
        node.put("created_at", time(tool.createdAt()))
                .put("last_updated", tool.builtIn() ? null : time(tool.revision()));
        node.set("configuration", configuration(tool));
        ObjectNode security = node.putObject("security").put("requires_authorization", requiresAuthorization(tool));
        security.set("scopes", scopes(tool));
        // arguments are always checked against input_schema; results are passed on as the tool made them
        security.put("input_validation", true).put("output_sanitization", false);
        node.set("usage_statistics", statistics);
        node.put("kind", tool.kind())
                .put("builtIn", tool.builtIn())
                .put("timeoutSeconds", tool.timeout().toMillis() / 1000.0);
        node.set("input_schema", tool.parameters());
        node.set("usage", usage.of(tool.name()));
        if (admin && !tool.builtIn()) {
            // the registered definition (SQL template, URL) is the admins' business, not every caller's
            node.set("definition", tool.definition());
        }
        return node;
    }

    /**
     * The answer of {@code POST /api/v1/tools}: the tool's view with the FACT API's registration keys.
     * {@code status} is the registration's ({@code registered}); the tool's own state moves to
     * {@code tool_status}. Registration only succeeds when every check passed, so each
     * {@code validation_results} entry is {@code passed}; a failed one is a 400 naming the fields.
     */
    public ObjectNode registered(Tool tool, boolean replaced) {
        ObjectNode view = tool(tool, true);
        ObjectNode answer = json.createObjectNode()
                .put("tool_id", tool.name())
                .put("name", tool.name())
                .put("status", "registered")
                .put("registration_time", time(tool.revision()))
                .putNull("arcade_tool_id");
        answer.putObject("validation_results")
                .put("syntax_check", "passed")
                .put("security_scan", "passed")
                .put("parameter_validation", "passed");
        answer.put("tool_status", status(tool)).put("replaced", replaced);
        view.fields().forEachRemaining(field -> {
            if (!answer.has(field.getKey())) {
                answer.set(field.getKey(), field.getValue());
            }
        });
        return answer;
    }

    /** The FACT API's word for a tool that can be called is {@code active}. */
    private static String status(Tool tool) {
        return tool.enabled() ? "active" : "disabled";
    }

    private ObjectNode configuration(Tool tool) {
        ObjectNode configuration = json.createObjectNode().put("timeout_seconds", tool.timeout().toMillis() / 1000.0);
        // Cortex Search and Analyst answers are bounded by their own request limits, not a byte cap
        OptionalLong maxResultBytes = kinds.of(tool.kind()).maxResultBytes();
        if (maxResultBytes.isEmpty()) {
            configuration.putNull("max_result_size_mb");
        } else {
            configuration.put("max_result_size_mb", Math.round(maxResultBytes.getAsLong() / MB * 10_000) / 10_000.0);
        }
        RateLimitProperties.Group group = rateLimits.enabled() ? rateLimits.groups().get(RATE_LIMIT_GROUP) : null;
        if (group == null) {
            configuration.putNull("rate_limit_per_minute");
        } else {
            // the steady rate of each caller's bucket (the burst is X-RateLimit-Limit)
            double perMinute = group.refillTokens() * 60_000.0 / group.refillPeriod().toMillis();
            configuration.put("rate_limit_per_minute", Math.round(perMinute * 100) / 100.0);
        }
        return configuration;
    }

    /** A tool needs its caller's authorization when its definition carries an {@code oauth} block. */
    private static boolean requiresAuthorization(Tool tool) {
        return tool.definition().path("oauth").isObject();
    }

    private ArrayNode scopes(Tool tool) {
        ArrayNode scopes = json.createArrayNode();
        tool.definition().path("oauth").path("scopes").forEach(scope -> {
            if (scope.isTextual()) {
                scopes.add(scope.asText());
            }
        });
        return scopes;
    }

    private static ObjectNode pick(ObjectNode from, String... keys) {
        ObjectNode picked = from.objectNode();
        for (String key : keys) {
            picked.set(key, from.get(key));
        }
        return picked;
    }

    private static String time(Instant at) {
        return at == null ? null : at.toString();
    }
}
