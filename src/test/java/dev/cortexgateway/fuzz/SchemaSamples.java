package dev.cortexgateway.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A plausible instance of a JSON Schema: required properties (and some optional ones) with values of
 * the declared type, format and bounds. It need not be valid (patterns are not inverted); it is the
 * starting point the mutations bend, so most requests get deep into a pipeline before failing.
 */
final class SchemaSamples {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ContractOperations contract;
    private final Random random;

    SchemaSamples(ContractOperations contract, Random random) {
        this.contract = contract;
        this.random = random;
    }

    JsonNode sample(JsonNode schema) {
        return sample(schema, 0);
    }

    private JsonNode sample(JsonNode raw, int depth) {
        JsonNode schema = contract.resolve(raw);
        if (schema == null || depth > 8) {
            return NODES.nullNode();
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.has("enum")) {
            JsonNode values = schema.get("enum");
            return values.get(random.nextInt(values.size()));
        }
        if (schema.has("example")) {
            return schema.get("example");
        }
        for (String combinator : new String[] {"oneOf", "anyOf", "allOf"}) {
            if (schema.has(combinator) && schema.get(combinator).size() > 0) {
                JsonNode options = schema.get(combinator);
                return sample(options.get(random.nextInt(options.size())), depth + 1);
            }
        }
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText("object");
        return switch (type) {
            case "string" -> NODES.textNode(string(schema));
            case "integer" -> NODES.numberNode(schema.path("minimum").asLong(1) + random.nextInt(3));
            case "number" -> NODES.numberNode(schema.path("minimum").asDouble(0) + random.nextDouble());
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            case "array" -> array(schema, depth);
            case "null" -> NODES.nullNode();
            default -> object(schema, depth);
        };
    }

    private String string(JsonNode schema) {
        String format = schema.path("format").asText("");
        return switch (format) {
            case "uuid" -> UUID.randomUUID().toString();
            case "date-time" -> "2026-11-25T10:00:00Z";
            case "uri", "url" -> "https://docs.example.com/a";
            default -> {
                if (schema.path("pattern").asText("").contains("[0-9a-f]{8}")) {
                    yield UUID.randomUUID().toString();
                }
                int length = Math.max(schema.path("minLength").asInt(1), 3);
                yield "fuzz-" + "x".repeat(Math.min(length, 40));
            }
        };
    }

    private ArrayNode array(JsonNode schema, int depth) {
        ArrayNode array = NODES.arrayNode();
        int count = Math.max(schema.path("minItems").asInt(0), 1);
        for (int i = 0; i < Math.min(count, 3); i++) {
            array.add(sample(schema.path("items"), depth + 1));
        }
        return array;
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        JsonNode required = schema.path("required");
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            boolean mustHave = false;
            for (JsonNode name : required) {
                mustHave |= name.asText().equals(property.getKey());
            }
            if (mustHave || random.nextInt(3) == 0) {
                object.set(property.getKey(), sample(property.getValue(), depth + 1));
            }
        }
        return object;
    }
}
