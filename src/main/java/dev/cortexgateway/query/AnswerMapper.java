package dev.cortexgateway.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.cortex.CortexEvent;
import dev.cortexgateway.cortex.SearchCitations;
import dev.cortexgateway.cortex.TokenUsage;
import dev.cortexgateway.tools.kinds.ToolKinds;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Turns a non-streaming Cortex Agents answer (the {@code response} payload, Snowflake's Cortex Agents REST API)
 * into the part of a query answer that does not depend on the request: the text, the sources, the
 * tools used and the token cost. This part is what the cache keeps; {@link QueryAnswers} adds the
 * per-request fields around it, the same way for a miss and a hit.
 */
@Component
public final class AnswerMapper {

    private final ObjectMapper json;
    private final ToolKinds kinds;

    public AnswerMapper(ObjectMapper json, ToolKinds kinds) {
        this.json = json;
        this.kinds = kinds;
    }

    /**
     * @return {@code {response, token_cost, tools_used, sources}}, plus {@code confidence_score} when
     *         the upstream reports one. Every source has the contract's {@code type}, {@code table},
     *         {@code query} and {@code timestamp} (null where Cortex does not say): a {@code database}
     *         source for each statement Cortex Analyst generated, a {@code document} source (with the
     *         citation's id, title, snippet and URL) for each cited search result.
     */
    public ObjectNode map(JsonNode answer) {
        StringBuilder text = new StringBuilder();
        Set<String> tools = new LinkedHashSet<>();
        // the same reading of search results and citations as the chat stream's
        SearchCitations citations = new SearchCitations(json);
        Set<String> statements = new LinkedHashSet<>();
        JsonNode content = answer.path("content");
        for (JsonNode item : content) {
            String type = item.path("type").asText();
            if ("tool_use".equals(type)) {
                JsonNode use = item.path("tool_use");
                String cortexType = use.path("type").asText(use.path("name").asText(""));
                String name = kinds.toolForCortexType(cortexType);
                tools.add(name != null ? name : use.path("name").asText(cortexType));
            } else if ("tool_result".equals(type)) {
                for (JsonNode part : item.path("tool_result").path("content")) {
                    String sql = part.path("json").path("sql").asText("");
                    if (!sql.isBlank()) {
                        statements.add(sql);
                    }
                    if ("json".equals(part.path("type").asText())) {
                        citations.rememberResults(part.path("json"));
                    }
                }
            }
        }
        for (JsonNode item : content) {
            if (!"text".equals(item.path("type").asText())) {
                continue;
            }
            text.append(item.path("text").asText(""));
            for (JsonNode annotation : item.path("annotations")) {
                citations.cite(annotation);
            }
        }
        long tokens = 0;
        for (TokenUsage usage : TokenUsage.of(new CortexEvent("response", answer))) {
            tokens += usage.inputTokens() + usage.outputTokens();
        }
        ObjectNode mapped = json.createObjectNode().put("response", text.toString()).put("token_cost", tokens);
        ArrayNode toolsUsed = mapped.putArray("tools_used");
        tools.forEach(toolsUsed::add);
        JsonNode confidence = answer.path("metadata").path("confidence_score");
        if (confidence.isNumber()) {
            mapped.put("confidence_score", confidence.asDouble());
        }
        ArrayNode sourceList = mapped.putArray("sources");
        for (String sql : statements) {
            ObjectNode source = sourceList.addObject().put("type", "database").put("table", StatementTables.of(sql))
                    .put("query", sql);
            // the agent's answer does not say when the statement ran
            source.putNull("timestamp");
        }
        for (ObjectNode cited : citations.sources()) {
            // Cortex Search does not say when a document was indexed or changed
            ObjectNode source = json.createObjectNode().put("type", "document").putNull("table").putNull("query");
            source.putNull("timestamp");
            sourceList.add(source.setAll(cited));
        }
        return mapped;
    }
}
