package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.contract.RequestValidator;
import dev.cortexgateway.cortex.CortexAnalystTool;
import dev.cortexgateway.cortex.CortexSearchTool;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.sql.SqlGuard;
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
 * Cortex resource names are well formed. The same checks serve registration and (later) the
 * pipelines validate endpoint, so "valid" means one thing.
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
    private final ObjectMapper json;

    public ToolDefinitions(RequestValidator validator, BuiltInTools builtIns, SqlGuard sqlGuard, HttpTool httpTool,
                           CortexSearchTool searchTool, CortexAnalystTool analystTool, ObjectMapper json) {
        this.validator = validator;
        this.builtIns = builtIns;
        this.sqlGuard = sqlGuard;
        this.httpTool = httpTool;
        this.searchTool = searchTool;
        this.analystTool = analystTool;
        this.json = json;
    }

    /** Field errors ({field: JSON Pointer, message}); empty when the definition may be registered. */
    public List<Map<String, String>> validate(JsonNode definition) {
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
        return errors;
    }

    /** The definition as stored: defaults filled in. Call only on a valid definition. */
    public ObjectNode normalized(JsonNode definition) {
        ObjectNode copy = definition.deepCopy();
        if (!copy.hasNonNull("version")) {
            copy.put("version", DEFAULT_VERSION);
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

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
