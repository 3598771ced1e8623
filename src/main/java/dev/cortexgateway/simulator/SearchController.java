package dev.cortexgateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cortex Search's {@code :query} over the simulator corpus: every service name serves the same
 * corpus. Columns are {@code doc_id, title, url, text} (alias {@code chunk}) and {@code category};
 * {@code limit} defaults to 10 and may not exceed 1000.
 */
@RestController
public final class SearchController {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;
    private static final List<String> DEFAULT_COLUMNS = List.of("doc_id", "title", "url", "chunk", "category");

    private final DocumentCorpus corpus;
    private final SimulatorRuns runs;
    private final ScenarioResponses scenarios;
    private final ObjectMapper json;

    public SearchController(DocumentCorpus corpus, SimulatorRuns runs, ScenarioResponses scenarios, ObjectMapper json) {
        this.corpus = corpus;
        this.runs = runs;
        this.scenarios = scenarios;
        this.json = json;
    }

    @PostMapping(path = "/api/v2/databases/{database}/schemas/{schema}/cortex-search-services/{name}:query")
    public Object query(@PathVariable String database, @PathVariable String schema, @PathVariable String name,
                        @RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
        String requestId = SnowflakeResponses.requestId(request, response);
        if (body == null || !body.isObject()) {
            throw SnowflakeError.badRequest("Request body must be a JSON object");
        }
        if (body.has("multi_index_query")) {
            throw SnowflakeError.badRequest("multi_index_query is not supported by the simulator; send query");
        }
        JsonNode queryNode = body.get("query");
        if (queryNode == null || !queryNode.isTextual()) {
            throw SnowflakeError.badRequest("query is required and must be a string");
        }
        int limit = limit(body.get("limit"));
        List<String> columns = columns(body.get("columns"));
        Scenario.Parsed parsed = Scenario.parse(queryNode.asText());
        var filter = DocumentCorpus.filter(body.get("filter"));
        runs.recordStarted("search:query");
        scenarios.refuseIfAsked(parsed.scenario());
        return scenarios.json(parsed.scenario(), requestId, () -> {
            ObjectNode out = json.createObjectNode();
            ArrayNode results = out.putArray("results");
            for (DocumentCorpus.Hit hit : corpus.search(parsed.text(), filter, limit)) {
                results.add(json.valueToTree(DocumentCorpus.project(hit.document(), columns)));
            }
            out.put("request_id", requestId);
            return out;
        });
    }

    private static int limit(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_LIMIT;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw SnowflakeError.badRequest("limit must be an integer");
        }
        int limit = node.intValue();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw SnowflakeError.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    private static List<String> columns(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_COLUMNS;
        }
        if (!node.isArray()) {
            throw SnowflakeError.badRequest("columns must be an array of column names");
        }
        List<String> columns = new ArrayList<>();
        for (JsonNode column : node) {
            String name = column.asText().toLowerCase(Locale.ROOT);
            if (!DocumentCorpus.COLUMNS.contains(name)) {
                throw SnowflakeError.badRequest("Unknown column " + column.asText() + "; the service has "
                        + DocumentCorpus.COLUMNS);
            }
            columns.add(name);
        }
        return columns;
    }
}
