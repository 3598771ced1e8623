package dev.cortexgateway.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Bad request bodies made from a plausible one: missing, extra and wrongly typed fields, huge
 * strings, deep nesting, invalid UTF-8, wrong media types, oversized and truncated bodies, random
 * bytes, hostile strings. Each comes with a short name, so a failure says what was sent.
 */
final class BodyMutations {

    static final int KINDS = 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] HOSTILE = {"", " ", "\u0000", "\u202e\u0645\u0631\u062d\u0628\u0627", "\uD83D\uDE00".repeat(50),
        "'; DROP TABLE orders; --", "../../../../etc/passwd", "${jndi:ldap://127.0.0.1/a}", "<script>alert(1)</script>",
        "%s%s%s%n", "\r\nX-Injected: 1", "null", "9".repeat(400)};

    private final Random random;

    BodyMutations(Random random) {
        this.random = random;
    }

    record Body(String name, byte[] bytes, String contentType) {
    }

    Body mutate(JsonNode base, int kind) throws Exception {
        JsonNode copy = base == null ? NODES.objectNode() : base.deepCopy();
        return switch (kind) {
            case 0 -> json("plausible", copy);
            case 1 -> json("field removed", removeField(copy));
            case 2 -> json("extra field", addField(copy, "unexpected_" + random.nextInt(1000), randomValue()));
            case 3 -> json("wrong type", retypeField(copy));
            case 4 -> json("huge string", replaceString(copy, "h".repeat(200_000)));
            case 5 -> raw("deep nesting", ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8), "application/json");
            case 6 -> raw("invalid UTF-8", invalidUtf8(copy), "application/json");
            case 7 -> raw("wrong media type", JSON.writeValueAsBytes(copy),
                    new String[] {"text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1",
                        "application/x-www-form-urlencoded", "multipart/form-data", "application/json;charset=UTF-16"}[random.nextInt(7)]);
            case 8 -> json("oversized", replaceString(copy, "o".repeat(1_100_000)));
            case 9 -> raw("random bytes", randomBytes(), "application/json");
            case 10 -> raw("empty body", new byte[0], "application/json");
            case 11 -> raw("not an object", new String[] {"null", "[]", "42", "\"s\"", "true", "[{}]"}[random.nextInt(6)]
                    .getBytes(StandardCharsets.UTF_8), "application/json");
            case 12 -> raw("truncated JSON", truncate(JSON.writeValueAsBytes(copy)), "application/json");
            case 13 -> json("hostile string", replaceString(copy, HOSTILE[random.nextInt(HOSTILE.length)]));
            case 14 -> json("extreme number", replaceAnyField(copy, new JsonNode[] {NODES.numberNode(1e308), NODES.numberNode(-1),
                NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(1.5), NODES.numberNode(0)}[random.nextInt(5)]));
            default -> raw("duplicate keys", duplicateKeys(copy), "application/json");
        };
    }

    private Body json(String name, JsonNode node) throws Exception {
        return new Body(name, JSON.writeValueAsBytes(node), "application/json");
    }

    private static Body raw(String name, byte[] bytes, String contentType) {
        return new Body(name, bytes, contentType);
    }

    private JsonNode removeField(JsonNode node) {
        List<ObjectNode> objects = objects(node);
        if (!objects.isEmpty()) {
            ObjectNode target = objects.get(random.nextInt(objects.size()));
            List<String> names = new ArrayList<>();
            target.fieldNames().forEachRemaining(names::add);
            if (!names.isEmpty()) {
                target.remove(names.get(random.nextInt(names.size())));
            }
        }
        return node;
    }

    private JsonNode addField(JsonNode node, String name, JsonNode value) {
        List<ObjectNode> objects = objects(node);
        if (!objects.isEmpty()) {
            objects.get(random.nextInt(objects.size())).set(name, value);
        }
        return node;
    }

    private JsonNode retypeField(JsonNode node) {
        return replaceAnyField(node, randomValue());
    }

    private JsonNode replaceAnyField(JsonNode node, JsonNode value) {
        List<ObjectNode> objects = objects(node);
        if (objects.isEmpty()) {
            return value;
        }
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            target.set("x", value);
        } else {
            target.set(names.get(random.nextInt(names.size())), value);
        }
        return node;
    }

    /** Puts {@code text} in a string field (any field when there is none). */
    private JsonNode replaceString(JsonNode node, String text) {
        List<ObjectNode> objects = objects(node);
        for (ObjectNode object : objects) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isTextual() && random.nextBoolean()) {
                    field.setValue(NODES.textNode(text));
                    return node;
                }
            }
        }
        return replaceAnyField(node, NODES.textNode(text));
    }

    private JsonNode randomValue() {
        return switch (random.nextInt(7)) {
            case 0 -> NODES.numberNode(random.nextInt());
            case 1 -> NODES.textNode(HOSTILE[random.nextInt(HOSTILE.length)]);
            case 2 -> NODES.objectNode().put("a", 1);
            case 3 -> NODES.arrayNode().add(1).add("b");
            case 4 -> NODES.nullNode();
            case 5 -> NODES.booleanNode(random.nextBoolean());
            default -> NODES.numberNode(random.nextDouble() * 1e6);
        };
    }

    private byte[] invalidUtf8(JsonNode node) throws Exception {
        byte[] text = JSON.writeValueAsBytes(replaceString(node, "MARK"));
        String s = new String(text, StandardCharsets.UTF_8);
        int at = s.indexOf("MARK");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(text, 0, at);
        out.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        out.write(text, at + 4, text.length - at - 4);
        return out.toByteArray();
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(2000)];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] truncate(byte[] json) {
        return java.util.Arrays.copyOf(json, json.length <= 1 ? 0 : random.nextInt(json.length - 1) + 1);
    }

    private static byte[] duplicateKeys(JsonNode node) throws Exception {
        String text = JSON.writeValueAsString(node);
        if (text.startsWith("{") && text.length() > 2) {
            text = "{\"dup\":1,\"dup\":\"two\"," + text.substring(1);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<ObjectNode> objects(JsonNode node) {
        List<ObjectNode> found = new ArrayList<>();
        collect(node, found, 0);
        return found;
    }

    private static void collect(JsonNode node, List<ObjectNode> found, int depth) {
        if (depth > 10) {
            return;
        }
        if (node instanceof ObjectNode object) {
            found.add(object);
            object.elements().forEachRemaining(child -> collect(child, found, depth + 1));
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(child -> collect(child, found, depth + 1));
        }
    }
}
