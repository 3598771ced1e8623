package dev.cortexgateway.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Validates a JSON request body against a schema of the OpenAPI contract
 * ({@code components/schemas/<name>}), so that the document clients read is the one the gateway
 * enforces. Routes call it as their first pipeline step; the parsed body is kept in the exchange
 * property {@code requestJson} ({@link ExchangeKeys#REQUEST_JSON}) for later steps.
 */
@Component("requestValidator")
public final class RequestValidator {

    private static final int MAX_FIELD_ERRORS = 20;

    private final ObjectMapper json;
    private final JsonSchemaFactory factory;
    // formats (uuid, date-time, uri) are assertions here: clients rely on them, e.g. uuid ids
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final Map<String, JsonSchema> adHocSchemas = new ConcurrentHashMap<>();

    public RequestValidator(ObjectMapper json) {
        this.json = json;
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(OpenApi31.getInstance())
                .defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
    }

    /** Camel entry point: {@code method: "validate(*, 'ChatRequest')"}. */
    public void validate(Exchange exchange, String schemaName) {
        requireJsonContentType(exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class));
        JsonNode body = parse(exchange.getIn().getBody(byte[].class));
        requireValid(schemaName, body);
        exchange.setProperty(ExchangeKeys.REQUEST_JSON, body);
    }

    /** For bodies a bean parsed itself (e.g. form-encoded): throws 400 with field details when invalid. */
    public void requireValid(String schemaName, JsonNode body) {
        List<Map<String, String>> fields = violations(schemaName, body);
        if (!fields.isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "The request body does not match the " + schemaName + " schema",
                    "Fix the fields listed in details.fields; see /api/v1/openapi.json", Map.of("fields", fields));
        }
    }

    /** Field-level violations of {@code body} against the named schema; empty when valid. */
    public List<Map<String, String>> violations(String schemaName, JsonNode body) {
        Set<ValidationMessage> messages = schema(schemaName).validate(body);
        return messages.stream()
                .map(RequestValidator::toField)
                .sorted(Comparator.comparing((Map<String, String> f) -> f.get("field")))
                .distinct()
                .limit(MAX_FIELD_ERRORS)
                .toList();
    }

    /**
     * Field-level violations of {@code body} against a schema given as a JSON Schema document (2020-12),
     * e.g. the parameters of a registered tool. Compiled schemas are cached under {@code cacheKey}.
     */
    public List<Map<String, String>> violations(String cacheKey, JsonNode schema, JsonNode body) {
        JsonSchema compiled = adHocSchemas.computeIfAbsent(cacheKey, k -> factory.getSchema(schema, config));
        return compiled.validate(body).stream()
                .map(RequestValidator::toField)
                .sorted(Comparator.comparing((Map<String, String> f) -> f.get("field")))
                .distinct()
                .limit(MAX_FIELD_ERRORS)
                .toList();
    }

    /** Forgets compiled ad-hoc schemas whose key starts with {@code prefix} (a tool was replaced). */
    public void forgetSchemas(String prefix) {
        adHocSchemas.keySet().removeIf(key -> key.startsWith(prefix));
    }

    /** The named schema of the contract as a JSON tree, for documents that show it (tool listings). */
    public JsonNode schemaNode(String name) {
        return schema(name).getSchemaNode();
    }

    private JsonSchema schema(String name) {
        return schemas.computeIfAbsent(name, n -> factory.getSchema(
                SchemaLocation.of(OpenApiDocument.CLASSPATH_LOCATION + "#/components/schemas/" + n), config));
    }

    private static void requireJsonContentType(String contentType) {
        if (contentType == null || !contentType.toLowerCase().matches("application/([a-z0-9.+-]*\\+)?json\\s*(;.*)?")) {
            throw new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "This endpoint accepts application/json bodies only",
                    "Set Content-Type: application/json", Map.of("contentType", contentType == null ? "" : contentType));
        }
    }

    /** Checks the media type and parses; for beans that accept JSON among other forms. */
    public JsonNode parseJson(String contentType, byte[] bytes) {
        requireJsonContentType(contentType);
        return parse(bytes);
    }

    private JsonNode parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "The request body is empty", "Send a JSON object", Map.of());
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new GatewayException(ErrorCode.INVALID_REQUEST, "The request body is empty", "Send a JSON object", Map.of());
            }
            return node;
        } catch (JsonProcessingException e) {
            Map<String, Object> where = new LinkedHashMap<>();
            if (e.getLocation() != null) {
                where.put("line", e.getLocation().getLineNr());
                where.put("column", e.getLocation().getColumnNr());
            }
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "The request body is not valid JSON",
                    "Check the JSON syntax near the given line and column", where);
        } catch (java.io.IOException e) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "The request body could not be read", null, Map.of());
        }
    }

    /** One violation as {@code {field: JSON Pointer, message}}; a missing field is named itself. */
    private static Map<String, String> toField(ValidationMessage m) {
        String location = m.getInstanceLocation().toString();
        String field = location;
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            field = (location.equals("/") ? "" : location) + "/" + m.getProperty();
        }
        String message = m.getMessage();
        if (message.startsWith(location + ": ")) {
            message = message.substring(location.length() + 2);
        }
        return Map.of("field", field.isEmpty() ? "/" : field, "message", message);
    }
}
