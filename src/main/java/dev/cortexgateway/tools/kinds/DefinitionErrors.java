package dev.cortexgateway.tools.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The field errors a kind's definition check returns to the registry ({@code field} a JSON pointer, {@code message}). */
public final class DefinitionErrors {

    private final List<Map<String, String>> errors = new ArrayList<>();

    public DefinitionErrors add(String field, String message) {
        errors.add(Map.of("field", field, "message", message));
        return this;
    }

    public List<Map<String, String>> list() {
        return List.copyOf(errors);
    }

    /** A definition reaches a tool only after its check: a bad one there is a bug. */
    public static void requireValid(List<Map<String, String>> errors, String kind) {
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid " + kind + " definition: " + errors);
        }
    }

    /** A non-blank string of at most {@code max} characters at {@code pointer}, or an error. */
    public String requiredString(JsonNode parent, String key, String pointer, int max) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            add(pointer, "is required");
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            add(pointer, "must be a non-blank string");
            return null;
        }
        if (value.asText().length() > max) {
            add(pointer, "must be at most " + max + " characters");
            return null;
        }
        return value.asText();
    }

    /** {@code kind}, when present, must name the tool: a definition filed under the wrong kind is refused. */
    public void checkKind(JsonNode definition, String kind) {
        JsonNode value = definition.get("kind");
        if (value != null && !kind.equals(value.asText(null))) {
            add("/kind", "must be \"" + kind + "\"");
        }
    }
}
