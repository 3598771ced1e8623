package dev.cortexgateway.cortex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sources of one Cortex Agents answer: the Cortex Search results its tool calls returned and the
 * citations its text makes to them, read by one set of rules for the chat stream and for
 * {@code /api/v1/query}. A result list is {@code searchResults} or {@code results}; a result names its
 * document by {@code doc_id} (or {@code source_id}, {@code id}) and its link by {@code url} (or
 * {@code source_url}, {@code sourceUrl}); a citation names the document by {@code doc_id} (or
 * {@code search_result_id}). A cited document becomes one {@code SourceReference}, in citation order;
 * its {@code sourceUrl} is the result's absolute URL, or null when Cortex gave none (a search service
 * without a URL column), never made up. One instance per answer; not thread-safe.
 */
public final class SearchCitations {

    private final ObjectMapper json;
    private final Map<String, Hit> hitsByDocId = new LinkedHashMap<>();
    private final Map<String, ObjectNode> sources = new LinkedHashMap<>();

    public SearchCitations(ObjectMapper json) {
        this.json = json;
    }

    /** Remembers the search results in one tool result's {@code json} item (anything else is ignored). */
    public void rememberResults(JsonNode toolResultJson) {
        JsonNode results = toolResultJson.has("searchResults") ? toolResultJson.path("searchResults")
                : toolResultJson.path("results");
        for (JsonNode result : results) {
            String docId = firstText(result, "doc_id", "source_id", "id");
            if (docId != null) {
                String url = firstText(result, "url", "source_url", "sourceUrl");
                hitsByDocId.put(docId, new Hit(url != null && isAbsolute(url) ? url : null,
                        firstText(result, "doc_title", "title")));
            }
        }
    }

    /**
     * Adds the source a citation annotation names.
     *
     * @return false when the citation names no document (nothing to show); a repeated document is
     *         kept once and counts as read
     */
    public boolean cite(JsonNode annotation) {
        String docId = firstText(annotation, "doc_id", "search_result_id");
        if (docId == null) {
            return false;
        }
        if (sources.containsKey(docId)) {
            return true;
        }
        Hit hit = hitsByDocId.getOrDefault(docId, new Hit(null, null));
        String title = firstText(annotation, "doc_title");
        ObjectNode source = json.createObjectNode()
                .put("id", docId)
                .put("title", title != null ? title : hit.title() != null ? hit.title() : docId)
                .put("snippet", annotation.path("text").asText(""))
                .put("sourceUrl", hit.url());
        sources.put(docId, source);
        return true;
    }

    /** The cited sources so far, in citation order (copies: the caller may change them). */
    public List<ObjectNode> sources() {
        List<ObjectNode> copies = new ArrayList<>(sources.size());
        sources.values().forEach(source -> copies.add(source.deepCopy()));
        return copies;
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }

    private static boolean isAbsolute(String url) {
        try {
            return URI.create(url).isAbsolute();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private record Hit(String url, String title) {
    }
}
