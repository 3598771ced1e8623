package dev.cortexgateway.cortex;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * What the Cortex tools read from the exchange the tools route prepared, and the field-error list
 * their definition checks return to the registry ({@code field} a JSON pointer, {@code message}).
 */
final class CortexToolExchange {

    static final String DEFINITION = "toolDefinition";
    static final String ARGUMENTS = "toolArguments";
    static final String TIMEOUT = "toolTimeout";
    /** Used when the route sets no timeout: the tools' documented default (docs/decisions/0006-tools-and-jobs.md). */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final List<Map<String, String>> errors = new ArrayList<>();

    private CortexToolExchange() {
    }

    static CortexToolExchange errors() {
        return new CortexToolExchange();
    }

    CortexToolExchange add(String field, String message) {
        errors.add(Map.of("field", field, "message", message));
        return this;
    }

    List<Map<String, String>> list() {
        return List.copyOf(errors);
    }

    /** A definition reaches a tool only after {@code validateDefinition}: a bad one here is a bug. */
    static void requireValid(List<Map<String, String>> errors, String tool) {
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid " + tool + " definition: " + errors);
        }
    }

    static JsonNode definition(Exchange exchange) {
        JsonNode definition = exchange.getProperty(DEFINITION, JsonNode.class);
        if (definition == null) {
            throw new IllegalArgumentException("exchange property " + DEFINITION + " is not set");
        }
        return definition;
    }

    static JsonNode arguments(Exchange exchange) {
        JsonNode arguments = exchange.getProperty(ARGUMENTS, JsonNode.class);
        if (arguments == null || !arguments.isObject()) {
            throw new IllegalArgumentException("exchange property " + ARGUMENTS + " is not a JSON object");
        }
        return arguments;
    }

    static Duration timeout(Exchange exchange) {
        Duration timeout = exchange.getProperty(TIMEOUT, Duration.class);
        return timeout == null || timeout.isNegative() || timeout.isZero() ? DEFAULT_TIMEOUT : timeout;
    }

    /** A non-blank string of at most {@code max} characters at {@code pointer}, or an error. */
    static String requiredString(JsonNode parent, String key, String pointer, int max, CortexToolExchange errors) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            errors.add(pointer, "is required");
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(pointer, "must be a non-blank string");
            return null;
        }
        if (value.asText().length() > max) {
            errors.add(pointer, "must be at most " + max + " characters");
            return null;
        }
        return value.asText();
    }

    /** {@code kind}, when present, must name the tool: a definition filed under the wrong tool is refused. */
    static void checkKind(JsonNode definition, String kind, CortexToolExchange errors) {
        JsonNode value = definition.get("kind");
        if (value != null && !kind.equals(value.asText(null))) {
            errors.add("/kind", "must be \"" + kind + "\"");
        }
    }
}
