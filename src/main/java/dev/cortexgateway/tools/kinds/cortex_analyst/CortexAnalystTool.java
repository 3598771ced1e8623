package dev.cortexgateway.tools.kinds.cortex_analyst;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.cortex.SnowflakeName;
import dev.cortexgateway.cortex.UpstreamErrors;
import dev.cortexgateway.tools.kinds.DefinitionErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The {@code cortex_analyst_text_to_sql} tool: one non-streaming Cortex Analyst {@code message}
 * (Snowflake's Cortex Analyst REST API) mapped to the contract's {@code {sql, confidence?, explanations?}}, plus
 * {@code suggestions} and {@code requestId} when Analyst gives them.
 *
 * <p>Mapping decisions:
 * <ul>
 *   <li>{@code sql} is the first {@code sql} content's statement, and {@code null} when Analyst
 *       could not map the question and answered with {@code suggestions} instead (the two never
 *       come together): the client then shows the suggestions, and there is no SQL to invent.</li>
 *   <li>{@code confidence} is 1.0 when Analyst says it used a verified query
 *       ({@code confidence.verified_query_used} is an object): the SQL is one a person verified for
 *       a question Analyst matched to this one. Otherwise it is omitted: Analyst gives no score,
 *       and a made-up number would read as one.</li>
 *   <li>{@code explanations} are the {@code text} contents (Analyst's interpretation of the question).</li>
 *   <li>Content types the gateway does not know are skipped, as Snowflake asks of clients.</li>
 * </ul>
 */
@Component("cortexAnalystTool")
public final class CortexAnalystTool {

    static final String KIND = CortexAnalystKind.NAME;
    /** Used when the route passes no timeout: the tools' documented default (docs/decisions/0006-tools-and-jobs.md). */
    private static final int MAX_NAME = 3 * 257 + 2;
    private static final int MAX_FILE = 1024;

    private final ObjectMapper json = new ObjectMapper();


    /** Field errors of a definition, empty when it is valid. */
    public static List<Map<String, String>> validateDefinition(JsonNode definition) {
        DefinitionErrors errors = new DefinitionErrors();
        if (definition == null || !definition.isObject()) {
            return errors.add("", "must be a JSON object").list();
        }
        errors.checkKind(definition, KIND);
        boolean file = definition.hasNonNull("semanticModelFile");
        boolean view = definition.hasNonNull("semanticView");
        if (file && view) {
            return errors.add("/semanticView", "cannot be set together with semanticModelFile: Cortex Analyst takes exactly one").list();
        }
        if (!file && !view) {
            return errors.add("/semanticModelFile", "one of semanticModelFile or semanticView is required").list();
        }
        if (file) {
            String path = errors.requiredString(definition, "semanticModelFile", "/semanticModelFile", MAX_FILE);
            if (path != null && !stagedYamlFile(path)) {
                errors.add("/semanticModelFile", "must be a YAML file on a fully qualified stage, e.g. @DB.SCHEMA.STAGE/model.yaml");
            }
        } else {
            String name = errors.requiredString(definition, "semanticView", "/semanticView", MAX_NAME);
            if (name != null && SnowflakeName.parse(name).isEmpty()) {
                errors.add("/semanticView", "must be a fully qualified semantic view name DATABASE.SCHEMA.VIEW "
                        + "(double-quote a part that is case-sensitive or holds other characters)");
            }
        }
        return errors.list();
    }

    /**
     * The request step (routes/tools/cortex_analyst.yaml): the {@code message} body for the tool's
     * definition and the call's arguments, bound from the exchange by the route.
     */
    public ObjectNode request(JsonNode definition, JsonNode arguments) {
        DefinitionErrors.requireValid(validateDefinition(definition), KIND);
        if (arguments == null || !arguments.isObject()) {
            throw new IllegalArgumentException("the tool's arguments are not a JSON object");
        }
        return body(definition, arguments);
    }

    /** The answer step: Analyst's answer (a JSON object, checked by cortexAnswers) as the contract's shape. */
    public ObjectNode answer(ObjectNode answer) {
        return map(answer, json);
    }

    /**
     * The request. {@code schemaContext} is not sent: Analyst has no field for it, and folding it
     * into the question would change the question Analyst interprets and matches against verified
     * queries, with client text Analyst would take as the user's words. The semantic model is the
     * authority on the schema; a client that wants to narrow the question words it so.
     */
    ObjectNode body(JsonNode definition, JsonNode arguments) {
        ObjectNode body = json.createObjectNode();
        ArrayNode content = body.putArray("messages").addObject().put("role", "user").putArray("content");
        content.addObject().put("type", "text").put("text", arguments.path("question").asText());
        if (definition.hasNonNull("semanticModelFile")) {
            body.put("semantic_model_file", definition.get("semanticModelFile").asText());
        } else {
            body.put("semantic_view", definition.get("semanticView").asText());
        }
        body.put("stream", false);
        return body;
    }

    static ObjectNode map(JsonNode answer, ObjectMapper json) {
        String requestId = text(answer.get("request_id"));
        JsonNode content = answer.path("message").get("content");
        if (content == null || !content.isArray()) {
            throw UpstreamErrors.unreadableAnswer(requestId);
        }
        String sql = null;
        boolean verified = false;
        List<String> explanations = new ArrayList<>();
        List<String> suggestions = new ArrayList<>();
        for (JsonNode item : content) {
            switch (item.path("type").asText()) {
                case "text" -> {
                    String text = text(item.get("text"));
                    if (text != null && !text.isBlank()) {
                        explanations.add(text);
                    }
                }
                case "sql" -> {
                    String statement = text(item.get("statement"));
                    if (sql == null && statement != null && !statement.isBlank()) {
                        sql = statement;
                        verified = item.path("confidence").path("verified_query_used").isObject();
                    }
                }
                // Snowflake's documentation names the item both "suggestions" and "suggestion": one reading
                case "suggestions", "suggestion" -> {
                    item.path("suggestions").forEach(s -> addText(suggestions, s));
                    addText(suggestions, item.get("suggestion"));
                }
                default -> {
                    // results, chart, think and types to come carry nothing the contract has a place for
                }
            }
        }
        ObjectNode out = json.createObjectNode();
        out.put("sql", sql);
        if (verified) {
            out.put("confidence", 1.0);
        }
        if (!explanations.isEmpty()) {
            explanations.forEach(out.putArray("explanations")::add);
        }
        if (!suggestions.isEmpty()) {
            suggestions.forEach(out.putArray("suggestions")::add);
        }
        if (requestId != null && !requestId.isBlank()) {
            out.put("requestId", requestId);
        }
        return out;
    }

    /** {@code @DB.SCHEMA.STAGE/path/to/model.yaml}: a quoted stage part may itself hold a slash. */
    static boolean stagedYamlFile(String text) {
        if (!text.startsWith("@")) {
            return false;
        }
        List<String> stage = new ArrayList<>();
        int end = SnowflakeName.parts(text, 1, stage);
        if (end < 0 || stage.size() != 3 || end >= text.length() || text.charAt(end) != '/') {
            return false;
        }
        String file = text.substring(end + 1);
        String lower = file.toLowerCase(Locale.ROOT);
        return !file.isBlank() && !file.startsWith("/") && file.chars().noneMatch(Character::isISOControl)
                && (lower.endsWith(".yaml") || lower.endsWith(".yml"));
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static void addText(List<String> into, JsonNode value) {
        String text = value == null || !value.isTextual() ? null : value.asText();
        if (text != null && !text.isBlank()) {
            into.add(text);
        }
    }
}
