package dev.cortexgateway.tools.kinds.cortex_search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.cortex.SnowflakeName;
import dev.cortexgateway.cortex.UpstreamErrors;
import dev.cortexgateway.tools.kinds.DefinitionErrors;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The {@code cortex_search} tool: one Cortex Search {@code :query} (Snowflake's Cortex Search REST API) mapped to the
 * contract's {@code {results: [{title, snippet, sourceUrl, confidence?}], latencyMs}}.
 *
 * <p>A definition names the service and which of its columns hold the title, the snippet, the
 * source URL and, optionally, a confidence in 0..1. A result whose URL column is not an absolute
 * http(s) URL is dropped, not patched: clients link to it. {@code dropped} then says how many.
 */
@Component("cortexSearchTool")
public final class CortexSearchTool {

    static final String KIND = CortexSearchKind.NAME;
    /** Used when the route passes no timeout: the tools' documented default (docs/decisions/0006-tools-and-jobs.md). */
    static final int DEFAULT_TOP_K = 5;
    static final int MAX_TOP_K = 10;
    private static final int MAX_NAME = 3 * 257 + 2;
    private static final int MAX_COLUMN = 255;
    private static final Set<String> COLUMN_ROLES = Set.of("title", "snippet", "sourceUrl", "confidence");

    private final ObjectMapper json = new ObjectMapper();


    /** The definition's mapping from contract fields to service columns; {@code confidence} may be null. */
    record Columns(String title, String snippet, String sourceUrl, String confidence) {

        List<String> requested() {
            Set<String> columns = new LinkedHashSet<>(List.of(title, snippet, sourceUrl));
            if (confidence != null) {
                columns.add(confidence);
            }
            return List.copyOf(columns);
        }
    }

    /** Field errors of a definition, empty when it is valid. */
    public static List<Map<String, String>> validateDefinition(JsonNode definition) {
        DefinitionErrors errors = new DefinitionErrors();
        if (definition == null || !definition.isObject()) {
            return errors.add("", "must be a JSON object").list();
        }
        errors.checkKind(definition, KIND);
        String service = errors.requiredString(definition, "service", "/service", MAX_NAME);
        if (service != null && SnowflakeName.parse(service).isEmpty()) {
            errors.add("/service", "must be a fully qualified service name DATABASE.SCHEMA.SERVICE "
                    + "(double-quote a part that is case-sensitive or holds other characters)");
        }
        JsonNode columns = definition.get("columns");
        if (columns == null || !columns.isObject()) {
            errors.add("/columns", "is required: an object naming the title, snippet and sourceUrl columns");
            return errors.list();
        }
        errors.requiredString(columns, "title", "/columns/title", MAX_COLUMN);
        errors.requiredString(columns, "snippet", "/columns/snippet", MAX_COLUMN);
        errors.requiredString(columns, "sourceUrl", "/columns/sourceUrl", MAX_COLUMN);
        JsonNode confidence = columns.get("confidence");
        if (confidence != null && !confidence.isNull()) {
            errors.requiredString(columns, "confidence", "/columns/confidence", MAX_COLUMN);
        }
        for (Iterator<String> names = columns.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!COLUMN_ROLES.contains(name)) {
                // a misspelt role would otherwise be ignored silently
                errors.add("/columns/" + pointerEscape(name), "is not a column role; use title, snippet, sourceUrl or confidence");
            }
        }
        return errors.list();
    }

    /**
     * The request step (routes/tools/cortex_search.yaml): the {@code :query} body for the tool's
     * definition and the call's arguments, bound from the exchange by the route.
     */
    public ObjectNode request(JsonNode definition, JsonNode arguments) {
        DefinitionErrors.requireValid(validateDefinition(definition), KIND);
        requireObject(arguments);
        Columns columns = columns(definition.get("columns"));
        ObjectNode body = json.createObjectNode().put("query", arguments.path("query").asText());
        ArrayNode requested = body.putArray("columns");
        columns.requested().forEach(requested::add);
        JsonNode filters = arguments.get("filters");
        if (filters != null && filters.isObject() && !filters.isEmpty()) {
            body.set("filter", filters);
        }
        body.put("limit", topK(arguments.get("topK")));
        return body;
    }

    /** The service's {@code :query} path, its name's parts percent-encoded. */
    public String path(JsonNode definition) {
        DefinitionErrors.requireValid(validateDefinition(definition), KIND);
        return path(SnowflakeName.parse(definition.get("service").asText()).orElseThrow());
    }

    /**
     * The answer step: the service's rows (a JSON object, checked by cortexAnswers) as the contract's
     * results; {@code startedNanos} is when the request was sent, for {@code latencyMs}.
     */
    public ObjectNode answer(ObjectNode answer, JsonNode definition, JsonNode arguments, long startedNanos) {
        long latencyMs = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
        return map(answer, columns(definition.get("columns")), topK(arguments.get("topK")), latencyMs, json);
    }

    static void requireObject(JsonNode arguments) {
        if (arguments == null || !arguments.isObject()) {
            throw new IllegalArgumentException("the tool's arguments are not a JSON object");
        }
    }

    static String path(SnowflakeName service) {
        return service.schemaPath() + "/cortex-search-services/" + service.encodedName() + ":query";
    }

    /** The contract's answer from a {@code QueryResponse}; rows beyond {@code topK} are not passed on. */
    static ObjectNode map(JsonNode answer, Columns columns, int topK, long latencyMs, ObjectMapper json) {
        JsonNode rows = answer.get("results");
        if (rows == null || !rows.isArray()) {
            throw UpstreamErrors.unreadableAnswer(text(answer, "request_id"));
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode results = out.putArray("results");
        int dropped = 0;
        for (JsonNode row : rows) {
            if (results.size() == topK) {
                break;
            }
            String url = row.isObject() ? absoluteHttpUrl(column(row, columns.sourceUrl())) : null;
            if (url == null) {
                dropped++;
                continue;
            }
            String title = text(column(row, columns.title()));
            String snippet = text(column(row, columns.snippet()));
            ObjectNode result = results.addObject()
                    // a title is required; the URL is the honest name of an untitled source
                    .put("title", title == null || title.isBlank() ? url : title)
                    .put("snippet", snippet == null ? "" : snippet)
                    .put("sourceUrl", url);
            if (columns.confidence() != null) {
                Double confidence = unitNumber(column(row, columns.confidence()));
                if (confidence != null) {
                    result.put("confidence", confidence);
                }
            }
        }
        out.put("latencyMs", latencyMs);
        if (dropped > 0) {
            out.put("dropped", dropped);
        }
        return out;
    }

    private static Columns columns(JsonNode columns) {
        JsonNode confidence = columns.get("confidence");
        return new Columns(columns.get("title").asText(), columns.get("snippet").asText(), columns.get("sourceUrl").asText(),
                confidence == null || confidence.isNull() ? null : confidence.asText());
    }

    /** Arguments are schema-validated before they get here; the clamp only keeps the contract's bounds. */
    private static int topK(JsonNode node) {
        if (node == null || !node.canConvertToInt()) {
            return DEFAULT_TOP_K;
        }
        return Math.max(1, Math.min(MAX_TOP_K, node.intValue()));
    }

    /** A row's value for a column: Snowflake may echo a column name in another case than the definition's. */
    private static JsonNode column(JsonNode row, String name) {
        JsonNode value = row.get(name);
        if (value != null) {
            return value;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = row.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static String text(JsonNode node, String field) {
        return node == null ? null : text(node.get(field));
    }

    static String absoluteHttpUrl(JsonNode value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        text = text.trim();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return null;
            }
            return uri.getHost() == null ? null : text;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** A number in 0..1 (JSON number, or a numeric string as some column types are sent); otherwise null. */
    static Double unitNumber(JsonNode value) {
        double number;
        if (value == null) {
            return null;
        } else if (value.isNumber()) {
            number = value.doubleValue();
        } else if (value.isTextual()) {
            try {
                number = Double.parseDouble(value.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(number) && number >= 0 && number <= 1 ? number : null;
    }

    private static String pointerEscape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
