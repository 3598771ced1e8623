package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.contract.RequestValidator;
import dev.cortexgateway.toolauth.OAuthToolDefinitions;
import dev.cortexgateway.tools.kinds.ToolKind;
import dev.cortexgateway.tools.kinds.ToolKinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Decides whether a tool definition may be registered: first its shape (the contract's
 * ToolRegistration schema), then what a schema cannot say, which its kind checks (tools/kinds: the
 * SQL template is one read-only statement whose parameters are exactly the declared ones, the URL's
 * host is allow-listed, the Cortex resource names are well formed). The same checks serve
 * registration and the pipelines validate endpoint, so "valid" means one thing.
 */
@Component
public final class ToolDefinitions {

    private static final String SCHEMA = "ToolRegistration";
    private static final String DEFAULT_VERSION = "1.0.0";

    private final RequestValidator validator;
    private final BuiltInTools builtIns;
    private final ToolKinds kinds;
    private final OAuthToolDefinitions oauth;
    private final ObjectMapper json;
    /** Top-level field -> what to do about an error in it: the kinds' hints and the registry's own. */
    private final Map<String, String> hints = new HashMap<>();

    public ToolDefinitions(RequestValidator validator, BuiltInTools builtIns, ToolKinds kinds, OAuthToolDefinitions oauth,
                           ObjectMapper json) {
        this.oauth = oauth;
        this.validator = validator;
        this.builtIns = builtIns;
        this.kinds = kinds;
        this.json = json;
        kinds.all().forEach(kind -> hints.putAll(kind.definitionHints()));
        hints.put("/name", "Use lower_snake_case (2..64 characters) that is not a built-in tool's name; GET /api/v1/tools lists the tools");
        hints.put("/kind", "Use one of " + String.join(", ", kinds.registrable().stream().map(ToolKind::name).toList()));
        hints.put("/required", "List in required only names declared under parameters");
        hints.put("/parameters", "Declare each parameter as a JSON Schema (type string, number, integer or boolean) and use every one");
    }

    /**
     * Field errors ({field: JSON Pointer, message, hint}); empty when the definition may be registered.
     * Registration ({@link ToolCatalog#register}) and {@code POST /api/v1/pipelines/validate} both call
     * this, so "valid" means one thing.
     */
    public List<Map<String, String>> validate(JsonNode definition) {
        return withHints(check(definition));
    }

    private List<Map<String, String>> check(JsonNode definition) {
        List<Map<String, String>> errors = new ArrayList<>(validator.violations(SCHEMA, definition));
        if (!errors.isEmpty()) {
            return errors;
        }
        String name = definition.path("name").asText();
        if (builtIns.isBuiltIn(name)) {
            errors.add(error("/name", "'" + name + "' is a built-in tool; choose another name"));
        }
        Set<String> declared = new LinkedHashSet<>();
        definition.path("parameters").fieldNames().forEachRemaining(declared::add);
        for (JsonNode required : definition.path("required")) {
            if (!declared.contains(required.asText())) {
                errors.add(error("/required", "'" + required.asText() + "' is required but not declared in parameters"));
            }
        }
        Optional<ToolKind> kind = kinds.find(definition.path("kind").asText()).filter(ToolKind::registrable);
        if (kind.isPresent()) {
            errors.addAll(kind.get().validateDefinition(definition, declared));
        } else {
            errors.add(error("/kind", "is not a kind that can be registered"));
        }
        errors.addAll(oauth.validate(definition));
        return errors;
    }

    /**
     * The definition as stored: defaults filled in, and a parameter's {@code required: true} moved
     * into the {@code required} list (a JSON Schema property cannot say it). Call only on a valid definition.
     */
    public ObjectNode normalized(JsonNode definition) {
        ObjectNode copy = definition.deepCopy();
        if (!copy.hasNonNull("version")) {
            copy.put("version", DEFAULT_VERSION);
        }
        if (copy.path("parameters").isObject()) {
            Set<String> required = new LinkedHashSet<>();
            copy.path("required").forEach(name -> required.add(name.asText()));
            copy.get("parameters").fields().forEachRemaining(parameter -> {
                if (parameter.getValue() instanceof ObjectNode schema && schema.has("required")) {
                    if (schema.path("required").asBoolean(false)) {
                        required.add(parameter.getKey());
                    }
                    schema.remove("required");
                }
            });
            if (!required.isEmpty()) {
                ArrayNode list = copy.putArray("required");
                required.forEach(list::add);
            }
        }
        return copy;
    }

    /** The JSON Schema a registered tool's arguments must match. */
    public JsonNode parameterSchema(JsonNode definition) {
        Optional<String> contractSchema = kinds.find(definition.path("kind").asText()).flatMap(ToolKind::argumentSchema);
        if (contractSchema.isPresent()) {
            return validator.schemaNode(contractSchema.get());
        }
        ObjectNode schema = json.createObjectNode()
                .put("$schema", "https://json-schema.org/draft/2020-12/schema")
                .put("type", "object")
                .put("additionalProperties", false);
        schema.set("properties", definition.path("parameters").isObject()
                ? definition.get("parameters").deepCopy() : json.createObjectNode());
        schema.set("required", definition.path("required").isArray()
                ? definition.get("required").deepCopy() : json.createArrayNode());
        return schema;
    }

    /** What to do about an error, by the top-level field it is in. */
    private List<Map<String, String>> withHints(List<Map<String, String>> errors) {
        return errors.stream().map(e -> e.containsKey("hint") ? e
                : Map.of("field", e.get("field"), "message", e.get("message"), "hint", hint(e.get("field")))).toList();
    }

    private String hint(String field) {
        String top = field.length() > 1 && field.indexOf('/', 1) > 0 ? field.substring(0, field.indexOf('/', 1)) : field;
        return hints.getOrDefault(top, "See the ToolRegistration schema in /api/v1/openapi.json");
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
