package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tool's {@code parameters} as the FACT API lists them: one entry per argument name with
 * {@code type, required, description, pattern, max_length}, read from the tool's JSON Schema (which
 * stays whole under {@code input_schema}). A constraint the schema does not set is null.
 */
final class ToolParameters {

    private ToolParameters() {
    }

    static ObjectNode of(JsonNode inputSchema, ObjectMapper json) {
        Set<String> required = new HashSet<>();
        inputSchema.path("required").forEach(name -> required.add(name.asText()));
        ObjectNode parameters = json.createObjectNode();
        inputSchema.path("properties").fields().forEachRemaining(property -> {
            JsonNode schema = property.getValue();
            ObjectNode parameter = parameters.putObject(property.getKey())
                    .put("type", type(schema))
                    .put("required", required.contains(property.getKey()));
            parameter.put("description", schema.hasNonNull("description") ? schema.get("description").asText() : null);
            parameter.put("pattern", schema.hasNonNull("pattern") ? schema.get("pattern").asText() : null);
            if (schema.path("maxLength").canConvertToLong()) {
                parameter.put("max_length", schema.get("maxLength").asLong());
            } else {
                parameter.putNull("max_length");
            }
        });
        return parameters;
    }

    /**
     * The JSON type name; for an enum without a type, the type its values share; for a choice of
     * types, the types joined by {@code |} (e.g. {@code string|array}); null when the schema says none.
     */
    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (type != null && type.isArray()) {
            return join(type);
        }
        if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
            Set<String> kinds = new TreeSet<>();
            schema.get("enum").forEach(value -> kinds.add(value.isTextual() ? "string" : value.isIntegralNumber()
                    ? "integer" : value.isNumber() ? "number" : value.isBoolean() ? "boolean" : "null"));
            return String.join("|", kinds);
        }
        for (String choice : new String[] {"oneOf", "anyOf"}) {
            if (schema.path(choice).isArray()) {
                Set<String> kinds = new LinkedHashSet<>();
                schema.get(choice).forEach(option -> {
                    String kind = type(option);
                    if (kind != null) {
                        kinds.add(kind);
                    }
                });
                return kinds.isEmpty() ? null : String.join("|", kinds);
            }
        }
        return schema.has("properties") ? "object" : null;
    }

    private static String join(JsonNode types) {
        StringBuilder joined = new StringBuilder();
        types.forEach(t -> joined.append(joined.length() == 0 ? "" : "|").append(t.asText()));
        return joined.toString();
    }
}
