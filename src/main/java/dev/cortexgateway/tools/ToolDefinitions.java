package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.contract.RequestValidator;
import dev.cortexgateway.cortex.CortexAnalystTool;
import dev.cortexgateway.cortex.CortexSearchTool;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.sql.SqlGuard;
import dev.cortexgateway.toolauth.OAuthToolDefinitions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Decides whether a tool definition may be registered: first its shape (the contract's
 * ToolRegistration schema), then what a schema cannot say — the SQL template is one read-only
 * statement whose parameters are exactly the declared ones, the URL's host is allow-listed, the
 * Cortex resource names are well formed. The same checks serve registration and the pipelines
 * validate endpoint, so "valid" means one thing.
 */
@Component
public final class ToolDefinitions {

    private static final String SCHEMA = "ToolRegistration";
    private static final String DEFAULT_VERSION = "1.0.0";

    private final RequestValidator validator;
    private final BuiltInTools builtIns;
    private final SqlGuard sqlGuard;
    private final HttpTool httpTool;
    private final CortexSearchTool searchTool;
    private final CortexAnalystTool analystTool;
    private final OAuthToolDefinitions oauth;
    private final ObjectMapper json;

    public ToolDefinitions(RequestValidator validator, BuiltInTools builtIns, SqlGuard sqlGuard, HttpTool httpTool,
                           CortexSearchTool searchTool, CortexAnalystTool analystTool, OAuthToolDefinitions oauth,
                           ObjectMapper json) {
        this.oauth = oauth;
        this.validator = validator;
        this.builtIns = builtIns;
        this.sqlGuard = sqlGuard;
        this.httpTool = httpTool;
        this.searchTool = searchTool;
        this.analystTool = analystTool;
        this.json = json;
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
        switch (definition.path("kind").asText()) {
            case ToolKinds.SQL_TEMPLATE -> checkSqlTemplate(definition, declared, errors);
            case ToolKinds.HTTP -> errors.addAll(httpTool.validateDefinition(definition));
            case ToolKinds.CORTEX_SEARCH -> errors.addAll(searchTool.validateDefinition(definition));
            case ToolKinds.CORTEX_ANALYST -> errors.addAll(analystTool.validateDefinition(definition));
            default -> errors.add(error("/kind", "is not a kind that can be registered"));
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
        String kind = definition.path("kind").asText();
        String contractSchema = BuiltInTools.ARGUMENT_SCHEMAS.get(kind);
        if (contractSchema != null) {
            return validator.schemaNode(contractSchema);
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

    private void checkSqlTemplate(JsonNode definition, Set<String> declared, List<Map<String, String>> errors) {
        List<String> used;
        try {
            used = sqlGuard.requireReadOnlyTemplate(definition.path("sql").asText()).parameters();
        } catch (GatewayException refused) {
            errors.add(error("/sql", refused.code().name() + ": " + refused.getMessage()));
            return;
        }
        for (String name : used) {
            if (!declared.contains(name)) {
                errors.add(error("/sql", "uses :" + name + ", which is not declared in parameters"));
            }
        }
        for (Iterator<String> it = declared.iterator(); it.hasNext(); ) {
            String name = it.next();
            if (!used.contains(name)) {
                errors.add(error("/parameters/" + name, "is declared but the SQL does not use :" + name));
            }
        }
    }

    /** What to do about an error, by the top-level field it is in. */
    private static List<Map<String, String>> withHints(List<Map<String, String>> errors) {
        return errors.stream().map(e -> e.containsKey("hint") ? e
                : Map.of("field", e.get("field"), "message", e.get("message"), "hint", hint(e.get("field")))).toList();
    }

    private static String hint(String field) {
        String top = field.length() > 1 && field.indexOf('/', 1) > 0 ? field.substring(0, field.indexOf('/', 1)) : field;
        return switch (top) {
            case "/name" -> "Use lower_snake_case (2..64 characters) that is not a built-in tool's name; GET /api/v1/tools lists the tools";
            case "/kind" -> "Use one of sql_template, http, cortex_search, cortex_analyst";
            case "/required" -> "List in required only names declared under parameters";
            case "/parameters" -> "Declare each parameter as a JSON Schema (type string, number, integer or boolean) and use every one";
            case "/sql" -> "Write one read-only SELECT (or WITH) statement; bind each argument as :name and declare it under parameters";
            case "/oauth" -> "Name a provider of gateway.tools.oauth.providers and only scopes it offers (http tools only)";
            case "/url" -> "Use an http(s) URL whose scheme, host and port are in gateway.tools.http.allowed-hosts, with {name} placeholders only in its path and query";
            case "/service", "/columns" -> "Name the service as DATABASE.SCHEMA.SERVICE and map its title, snippet and sourceUrl columns";
            case "/semanticModelFile", "/semanticView" -> "Give exactly one: a YAML file on a stage (@DB.SCHEMA.STAGE/model.yaml) or a semantic view DB.SCHEMA.VIEW";
            default -> "See the ToolRegistration schema in /api/v1/openapi.json";
        };
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
