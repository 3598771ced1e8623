package dev.cortexgateway.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Postman collection (format v2.1) made from the OpenAPI contract: one folder per tag, one request
 * per operation with the contract's request example as its body, bearer auth from the collection
 * variable {@code accessToken}, which the token request's script sets from its answer.
 *
 * <p>Written here rather than by openapi-generator's postman-collection generator (beta in 7.25.0):
 * that one has no bearer auth and no scripts, and writes {@code "<string>"} for object fields that have
 * no example (docs/decisions/0023-generated-client-and-collection.md).
 */
final class PostmanCollection {

    /** The operation that issues access tokens: its answer's access_token becomes {{accessToken}}. */
    static final String TOKEN_OPERATION = "createAccessToken";
    /** The session-token request must send a new nonce every time: Postman's random UUID. */
    static final String SESSION_TOKEN_OPERATION = "createSessionToken";
    /** Where `mvn spring-boot:run` listens, and its confidential demo client (docs: README, "Try it"). */
    static final Map<String, String> SETTINGS = settings();

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter PRETTY = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private final JsonNode contract;
    private final Map<String, String> pathVariables = new LinkedHashMap<>();

    private PostmanCollection(JsonNode contract) {
        this.contract = contract;
    }

    /** The collection as the JSON text that is committed: two-space indents, "\n" line ends, a final newline. */
    static String from(JsonNode contract) {
        return pretty(new PostmanCollection(contract).collection()) + "\n";
    }

    private ObjectNode collection() {
        ObjectNode collection = NODES.objectNode();
        ObjectNode info = collection.putObject("info");
        info.put("name", contract.path("info").path("title").asText());
        info.put("description", contract.path("info").path("description").asText().strip() + "\n\n"
                + "Generated from the OpenAPI contract (src/main/resources/openapi/cortex-gateway.yaml); do not edit: "
                + "regenerate it as docs/api-conventions.md (Clients) says. Send \"" + tokenRequestName() + "\" (folder Auth) first: "
                + "its answer sets the collection variable accessToken, which every other request sends as its bearer token. "
                + "The WebSocket (GET /api/v1/ws) is not in it: docs/websocket.md.");
        info.put("version", contract.path("info").path("version").asText());
        info.put("schema", "https://schema.getpostman.com/json/collection/v2.1.0/collection.json");

        ArrayNode folders = collection.putArray("item");
        for (JsonNode tag : contract.path("tags")) {
            ArrayNode requests = NODES.arrayNode();
            contract.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                if (METHODS.contains(op.getKey()) && hasTag(op.getValue(), tag.path("name").asText()) && isHttp(op.getValue())) {
                    requests.add(request(path.getKey(), path.getValue(), op.getKey(), op.getValue()));
                }
            }));
            if (!requests.isEmpty()) {
                ObjectNode folder = folders.addObject();
                folder.put("name", capitalized(tag.path("name").asText()));
                folder.set("item", requests);
            }
        }

        ObjectNode auth = collection.putObject("auth");
        auth.put("type", "bearer");
        auth.putArray("bearer").addObject().put("key", "token").put("value", "{{accessToken}}").put("type", "string");

        ArrayNode variables = collection.putArray("variable");
        SETTINGS.forEach((key, value) -> variables.addObject().put("key", key).put("value", value));
        variables.addObject().put("key", "accessToken").put("value", "");
        pathVariables.forEach((key, value) -> variables.addObject().put("key", key).put("value", value));
        return collection;
    }

    private String tokenRequestName() {
        StringBuilder name = new StringBuilder();
        contract.path("paths").forEach(pathItem -> pathItem.forEach(op -> {
            if (TOKEN_OPERATION.equals(op.path("operationId").asText())) {
                name.append(op.path("summary").asText(TOKEN_OPERATION));
            }
        }));
        return name.toString();
    }

    private ObjectNode request(String path, JsonNode pathItem, String method, JsonNode operation) {
        String operationId = operation.path("operationId").asText();
        ObjectNode item = NODES.objectNode();
        item.put("name", operation.path("summary").asText(operationId));
        ObjectNode request = item.putObject("request");
        request.put("method", method.toUpperCase(Locale.ROOT));
        if (!usesBearer(operation)) {
            request.putObject("auth").put("type", "noauth");
        }

        List<JsonNode> parameters = new ArrayList<>();
        pathItem.path("parameters").forEach(p -> parameters.add(resolve(p)));
        operation.path("parameters").forEach(p -> parameters.add(resolve(p)));

        ArrayNode headers = NODES.arrayNode();
        JsonNode example = bodyExample(operation);
        if (example != null) {
            headers.addObject().put("key", "Content-Type").put("value", "application/json");
        }
        for (JsonNode parameter : parameters) {
            if ("header".equals(parameter.path("in").asText())) {
                ObjectNode header = headers.addObject().put("key", parameter.path("name").asText()).put("value", exampleOf(parameter));
                if (!parameter.path("required").asBoolean()) {
                    header.put("disabled", true);
                }
            }
        }
        if (!headers.isEmpty()) {
            request.set("header", headers);
        }
        if (example != null) {
            ObjectNode body = request.putObject("body");
            body.put("mode", "raw");
            body.put("raw", pretty(bodyFor(operationId, example)));
            body.putObject("options").putObject("raw").put("language", "json");
        }
        request.set("url", url(path, parameters));
        String description = operation.path("description").asText().strip();
        if (!description.isEmpty()) {
            request.put("description", description);
        }
        if (TOKEN_OPERATION.equals(operationId)) {
            item.putArray("event").addObject().put("listen", "test").putObject("script")
                    .put("type", "text/javascript").set("exec", lines(
                            "// every other request of this collection sends this token (Authorization: Bearer {{accessToken}})",
                            "if (pm.response.code === 200) {",
                            "  pm.collectionVariables.set(\"accessToken\", pm.response.json().access_token);",
                            "}"));
        }
        return item;
    }

    private ObjectNode url(String path, List<JsonNode> parameters) {
        ObjectNode url = NODES.objectNode();
        String postmanPath = path.replaceAll("\\{([^}]+)}", ":$1");
        url.put("raw", "{{baseUrl}}" + postmanPath);
        url.putArray("host").add("{{baseUrl}}");
        ArrayNode segments = url.putArray("path");
        for (String segment : postmanPath.substring(1).split("/")) {
            segments.add(segment);
        }
        ArrayNode query = NODES.arrayNode();
        ArrayNode variables = NODES.arrayNode();
        for (JsonNode parameter : parameters) {
            String name = parameter.path("name").asText();
            switch (parameter.path("in").asText()) {
                case "query" -> query.addObject().put("key", name).put("value", exampleOf(parameter)).put("disabled", true)
                        .put("description", parameter.path("description").asText().strip());
                case "path" -> {
                    variables.addObject().put("key", name).put("value", "{{" + name + "}}");
                    pathVariables.putIfAbsent(name, exampleOf(parameter));
                }
                default -> { }
            }
        }
        if (!query.isEmpty()) {
            url.set("query", query);
        }
        if (!variables.isEmpty()) {
            url.set("variable", variables);
        }
        return url;
    }

    /** The first example of the JSON request body; an operation with a body but no example fails. */
    private static JsonNode bodyExample(JsonNode operation) {
        JsonNode media = operation.path("requestBody").path("content").path("application/json");
        if (media.isMissingNode()) {
            return null;
        }
        if (media.has("example")) {
            return media.get("example");
        }
        JsonNode examples = media.path("examples");
        if (examples.isEmpty()) {
            throw new IllegalStateException("The operation " + operation.path("operationId").asText()
                    + " takes a JSON body but the contract gives no example of it: add `examples` to its requestBody");
        }
        return examples.elements().next().path("value");
    }

    /**
     * The token request asks for the collection's client and scopes (by default every scope of the demo
     * client, so that every request of the collection is allowed); the session-token request sends a
     * new nonce each time.
     */
    private static JsonNode bodyFor(String operationId, JsonNode example) {
        if (TOKEN_OPERATION.equals(operationId)) {
            return ((ObjectNode) example.deepCopy()).put("client_id", "{{clientId}}").put("client_secret", "{{clientSecret}}")
                    .put("scope", "{{scope}}");
        }
        if (SESSION_TOKEN_OPERATION.equals(operationId)) {
            return ((ObjectNode) example.deepCopy()).put("nonce", "{{$guid}}");
        }
        return example;
    }

    private static String exampleOf(JsonNode parameter) {
        JsonNode schema = parameter.path("schema");
        for (JsonNode candidate : List.of(parameter.path("example"), schema.path("examples").path(0), schema.path("default"),
                schema.path("enum").path(0))) {
            if (!candidate.isMissingNode()) {
                return candidate.asText();
            }
        }
        return "boolean".equals(schema.path("type").asText()) ? "true" : "";
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText();
        return ref.startsWith("#/") ? contract.at(ref.substring(1)) : node;
    }

    private static boolean usesBearer(JsonNode operation) {
        for (JsonNode requirement : operation.path("security")) {
            if (requirement.has("bearer")) {
                return true;
            }
        }
        return false;
    }

    /** A WebSocket handshake (answer 101) is no request a Postman HTTP collection can hold. */
    private static boolean isHttp(JsonNode operation) {
        return !operation.path("responses").has("101");
    }

    private static boolean hasTag(JsonNode operation, String tag) {
        for (JsonNode t : operation.path("tags")) {
            if (tag.equals(t.asText())) {
                return true;
            }
        }
        return false;
    }

    private static ArrayNode lines(String... lines) {
        ArrayNode array = NODES.arrayNode();
        for (String line : lines) {
            array.add(line);
        }
        return array;
    }

    private static String capitalized(String tag) {
        return tag.isEmpty() ? tag : Character.toUpperCase(tag.charAt(0)) + tag.substring(1);
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("baseUrl", "http://localhost:8080");
        settings.put("clientId", "demo-admin");
        // the README's way to know the demo secret: start with GATEWAY_DEMO_ADMIN_SECRET=change-me
        settings.put("clientSecret", "change-me");
        settings.put("scope", "chat tools history bench query cache admin");
        return settings;
    }

    private static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
