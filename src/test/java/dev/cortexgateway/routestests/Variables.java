package dev.cortexgateway.routestests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A case's variables: {@code vars} (where {@code ${uuid}} is a fresh random UUID, so reruns never
 * collide) plus values captured from earlier answers by JSON Pointer. {@code ${name}} in a
 * request's path, header values and body, and in the strings of an expected JSON subset, is
 * replaced; an unknown name fails the case.
 */
final class Variables {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> values = new HashMap<>();

    /** @param port the gateway's port, as {@code ${port}} (for cases that make the gateway call itself) */
    Variables(Map<String, String> vars, int port) {
        this(Map.of(), vars, port);
    }

    /** @param runVars the run's variables (e.g. {@code smokeToken}), given by the runner to every case */
    Variables(Map<String, String> runVars, Map<String, String> vars, int port) {
        values.put("port", Integer.toString(port));
        values.putAll(runVars);
        vars.forEach((name, value) -> values.put(name, apply(value)));
    }

    String apply(String text) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = "uuid".equals(name) ? UUID.randomUUID().toString() : values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("unknown variable ${" + name + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code ${name}} replaced in every string of an expected JSON subset (captured values, vars). */
    JsonNode applyTo(JsonNode expected) {
        if (expected == null) {
            return null;
        }
        if (expected.isTextual()) {
            return JSON.getNodeFactory().textNode(apply(expected.asText()));
        }
        if (expected.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = JSON.createObjectNode();
            expected.fields().forEachRemaining(field -> copy.set(field.getKey(), applyTo(field.getValue())));
            return copy;
        }
        if (expected.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = JSON.createArrayNode();
            expected.forEach(item -> copy.add(applyTo(item)));
            return copy;
        }
        return expected;
    }

    void capture(Map<String, String> pointers, String body) throws Exception {
        if (pointers.isEmpty()) {
            return;
        }
        JsonNode answer = JSON.readTree(body);
        for (Map.Entry<String, String> capture : pointers.entrySet()) {
            JsonNode value = answer.at(capture.getValue());
            if (value.isMissingNode()) {
                throw new AssertionError("nothing at " + capture.getValue() + " to capture as " + capture.getKey() + " in " + body);
            }
            values.put(capture.getKey(), value.asText());
        }
    }
}
