package dev.cortexgateway.routestests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches an expected JSON subset against an actual document: objects need the expected keys only,
 * arrays match element by element from the start, scalars must be equal. An object made only of
 * operator keys tests the value instead: {@code $matches} (regex on the text), {@code $exists}
 * (true/false), {@code $size} (array or object size), {@code $type} (JSON node type),
 * {@code $exactly} (an array of exactly these elements, or an object of exactly these keys; the
 * elements and values themselves still match as subsets).
 */
final class JsonSubset {

    /** The operators a case may use; the loader rejects any other {@code $} key. */
    static final Set<String> OPERATORS = Set.of("$matches", "$exists", "$size", "$type", "$exactly");

    private JsonSubset() {
    }

    /** Mismatches as readable lines; empty when the subset matches. */
    static List<String> mismatches(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        match("$", expected, actual, out);
        return out;
    }

    private static void match(String at, JsonNode expected, JsonNode actual, List<String> out) {
        if (isOperator(expected)) {
            matchOperators(at, expected, actual, out);
            return;
        }
        if (actual == null || actual.isMissingNode()) {
            out.add(at + ": missing, expected " + expected);
            return;
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                out.add(at + ": expected an object, got " + actual);
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                match(at + "." + field.getKey(), field.getValue(), actual.get(field.getKey()), out);
            }
        } else if (expected.isArray()) {
            if (!actual.isArray() || actual.size() < expected.size()) {
                out.add(at + ": expected an array of at least " + expected.size() + " elements, got " + actual);
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                match(at + "[" + i + "]", expected.get(i), actual.get(i), out);
            }
        } else if (!scalarEquals(expected, actual)) {
            out.add(at + ": expected " + expected + ", got " + actual);
        }
    }

    private static void matchExactly(String at, JsonNode expected, JsonNode actual, List<String> out) {
        if (actual == null || actual.isMissingNode()) {
            out.add(at + ": missing, expected exactly " + expected);
        } else if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                out.add(at + ": expected exactly " + expected.size() + " elements " + expected + ", got " + actual);
                return;
            }
            match(at, expected, actual, out);
        } else if (expected.isObject()) {
            if (!actual.isObject()) {
                out.add(at + ": expected an object, got " + actual);
                return;
            }
            List<String> extra = new ArrayList<>();
            actual.fieldNames().forEachRemaining(name -> {
                if (!expected.has(name)) {
                    extra.add(name);
                }
            });
            if (!extra.isEmpty()) {
                out.add(at + ": unexpected keys " + extra + " in " + actual);
            }
            match(at, expected, actual, out);
        } else {
            match(at, expected, actual, out);
        }
    }

    private static boolean scalarEquals(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }

    private static boolean isOperator(JsonNode node) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            return false;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (!names.next().startsWith("$")) {
                return false;
            }
        }
        return true;
    }

    private static void matchOperators(String at, JsonNode ops, JsonNode actual, List<String> out) {
        boolean present = actual != null && !actual.isMissingNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = ops.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> op = it.next();
            switch (op.getKey()) {
                case "$exists" -> {
                    if (present != op.getValue().asBoolean()) {
                        out.add(at + ": expected " + (present ? "no value" : "a value") + ", got " + actual);
                    }
                }
                case "$matches" -> {
                    if (!present || !actual.isValueNode() || !actual.asText().matches(op.getValue().asText())) {
                        out.add(at + ": expected to match /" + op.getValue().asText() + "/, got " + actual);
                    }
                }
                case "$size" -> {
                    if (!present || actual.size() != op.getValue().asInt()) {
                        out.add(at + ": expected size " + op.getValue().asInt() + ", got " + actual);
                    }
                }
                case "$type" -> {
                    if (!present || !actual.getNodeType().name().equalsIgnoreCase(op.getValue().asText())) {
                        out.add(at + ": expected type " + op.getValue().asText() + ", got " + actual);
                    }
                }
                case "$exactly" -> matchExactly(at, op.getValue(), actual, out);
                default -> out.add(at + ": unknown operator " + op.getKey());
            }
        }
    }
}
