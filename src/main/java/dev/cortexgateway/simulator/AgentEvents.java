package dev.cortexgateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Renders an {@link AgentAnswer} in Cortex Agents' wire formats: the current event schema (one
 * {@code content_index} per item of the final {@code response.content}), the JSON body of a
 * non-streaming run (the {@code response} payload), and the legacy {@code message.delta} stream.
 */
@Component
public final class AgentEvents {

    static final String DONE_FRAME = "event: done\ndata: [DONE]\n\n";
    static final String LEGACY_DONE_FRAME = "data: [DONE]\n\n";

    private final ObjectMapper json;
    private final boolean emitDone;

    public AgentEvents(ObjectMapper json, SimulatorProperties properties) {
        this.json = json;
        this.emitDone = properties.emitDone();
    }

    /** The run as it is for a request: what it answers, how long it streams, and a wire variant (or null). */
    record Run(AgentAnswer answer, String model, int inputTokens, Integer textDeltas, String requestId, String wire) {
    }

    StreamScript stream(Run run) {
        AgentAnswer a = run.answer();
        String text = TextChunks.fill(a.text(), run.textDeltas());
        Items items = items(run, text);
        StreamScript.Builder out = new StreamScript.Builder(json);
        out.event("response.status", status("planning", "Planning the next steps"));
        for (String chunk : TextChunks.split(a.thinking(), null)) {
            out.event("response.thinking.delta", obj().put("content_index", items.thinking).put("text", chunk).put("signature", ""));
        }
        out.event("response.thinking", obj().put("content_index", items.thinking).put("text", a.thinking()).put("signature", ""));
        out.event("response.status", status("executing_tool", "Executing " + a.tool().name()));
        ObjectNode toolUse = toolUse(a);
        toolUse.put("content_index", items.toolUse);
        out.event("response.tool_use", toolUse);
        if ("search".equals(a.flow())) {
            out.event("response.tool_result.status", toolStatus(a, "searching", "Searching " + a.tool().name(), obj()));
        } else {
            if (!"sql".equals(a.flow())) {
                out.event("response.tool_result.status", toolStatus(a, "generating_sql", "Generating SQL", obj()));
                ObjectNode delta = obj().put("content_index", items.toolResult).put("tool_use_id", a.toolUseId())
                        .put("tool_type", a.tool().type()).put("tool_name", a.tool().name());
                ObjectNode d = delta.putObject("delta");
                d.put("text", a.plan() == null ? "" : a.plan().interpretation());
                if (a.plan() != null) {
                    d.put("sql", a.plan().sql());
                } else {
                    d.putObject("suggestions").put("index", 0).set("delta", json.valueToTree(a.suggestions()));
                }
                out.event("response.tool_result.analyst.delta", delta);
            }
            if (a.hasTable()) {
                out.event("response.tool_result.status", toolStatus(a, "Executing SQL", "Executing SQL",
                        obj().put("QueryID", a.table().queryId())));
            }
        }
        ObjectNode toolResult = toolResult(a, run.wire());
        toolResult.put("content_index", items.toolResult);
        out.event("response.tool_result", toolResult);
        if (a.hasTable()) {
            ObjectNode table = table(a);
            table.put("content_index", items.table);
            out.event("response.table", table);
        }
        if (a.chartSpec() != null) {
            out.event("response.chart", obj().put("content_index", items.chart).put("tool_use_id", a.toolUseId())
                    .put("chart_spec", a.chartSpec()));
        }
        out.event("response.status", status("proceeding_to_answer", "Forming the answer"));
        for (String chunk : TextChunks.split(text, run.textDeltas())) {
            out.event("response.text.delta", obj().put("content_index", items.text).put("text", chunk).put("is_elicitation", false));
        }
        ObjectNode textBlock = obj().put("content_index", items.text).put("text", text);
        textBlock.set("annotations", annotations(a));
        textBlock.put("is_elicitation", false);
        out.event("response.text", textBlock);
        for (AgentAnswer.Citation citation : a.citations()) {
            ObjectNode annotation = obj().put("content_index", items.text).put("annotation_index", citation.index() - 1);
            annotation.set("annotation", citation(citation));
            out.event("response.text.annotation", annotation);
        }
        out.terminal("response", items.response);
        if (emitDone) {
            out.raw(DONE_FRAME);
        }
        return out.build(errorFrame(run.requestId()));
    }

    /** The non-streaming body: exactly the payload of the {@code response} event. */
    ObjectNode response(Run run) {
        return items(run, run.answer().text()).response;
    }

    StreamScript legacy(Run run) {
        AgentAnswer a = run.answer();
        String text = TextChunks.fill(a.text(), run.textDeltas());
        StreamScript.Builder out = new StreamScript.Builder(json);
        int index = 0;
        ObjectNode use = obj().put("index", index++).put("type", "tool_use");
        use.putObject("tool_use").put("tool_use_id", a.toolUseId()).put("name", a.tool().name())
                .set("input", obj().put("query", a.question()));
        out.event("message.delta", legacyDelta(use));
        ObjectNode results = obj().put("index", index++).put("type", "tool_results");
        ObjectNode body = results.putObject("tool_results").put("tool_use_id", a.toolUseId()).put("name", a.tool().name())
                .put("status", "success");
        body.putArray("content").addObject().put("type", "json").set("json", legacyToolJson(a));
        out.event("message.delta", legacyDelta(results));
        if (a.chartSpec() != null) {
            ObjectNode chart = obj().put("index", index++).put("type", "chart");
            chart.putObject("chart").put("chart_spec", a.chartSpec());
            out.event("message.delta", legacyDelta(chart));
        }
        for (String chunk : TextChunks.split(text, run.textDeltas())) {
            out.event("message.delta", legacyDelta(obj().put("index", index).put("type", "text").put("text", chunk)));
        }
        out.terminalRaw(LEGACY_DONE_FRAME);
        return out.build(errorFrame(run.requestId()));
    }

    private String errorFrame(String requestId) {
        return StreamScript.frame(json, "error", obj().put("code", SnowflakeError.EXECUTION)
                .put("message", "Error during execution").put("request_id", requestId));
    }

    /** Content items of the final response, with each item's index recorded for the events. */
    private Items items(Run run, String text) {
        AgentAnswer a = run.answer();
        Items items = new Items();
        ArrayNode content = json.createArrayNode();
        items.thinking = content.size();
        content.addObject().put("type", "thinking").putObject("thinking").put("text", a.thinking());
        items.toolUse = content.size();
        ObjectNode use = toolUse(a);
        content.addObject().put("type", "tool_use").set("tool_use", use);
        items.toolResult = content.size();
        content.addObject().put("type", "tool_result").set("tool_result", toolResult(a, run.wire()));
        if (a.hasTable()) {
            items.table = content.size();
            content.addObject().put("type", "table").set("table", table(a));
        }
        if (a.chartSpec() != null) {
            items.chart = content.size();
            content.addObject().put("type", "chart").set("chart", obj().put("tool_use_id", a.toolUseId())
                    .put("chart_spec", a.chartSpec()));
        }
        items.text = content.size();
        ObjectNode textItem = content.addObject().put("type", "text").put("text", text);
        textItem.set("annotations", annotations(a));
        textItem.put("is_elicitation", false);

        ObjectNode response = obj().put("role", "assistant");
        response.set("content", content);
        response.putArray("warnings");
        ObjectNode metadata = response.putObject("metadata");
        ObjectNode usage = metadata.putObject("usage").putArray("tokens_consumed").addObject();
        usage.put("model_name", run.model());
        usage.putObject("input_tokens").put("total", run.inputTokens()).put("cache_read", 0).put("cache_write", 0)
                .put("uncached", run.inputTokens());
        usage.putObject("output_tokens").put("total", estimateTokens(text) + estimateTokens(a.thinking()));
        usage.put("context_window", 200_000);
        metadata.put("run_id", UUID.randomUUID().toString());
        items.response = response;
        return items;
    }

    static int estimateTokens(String text) {
        return text == null ? 0 : Math.max(1, text.length() / 4);
    }

    private ObjectNode toolUse(AgentAnswer a) {
        ObjectNode use = obj().put("tool_use_id", a.toolUseId()).put("type", a.tool().type()).put("name", a.tool().name());
        ObjectNode input = use.putObject("input");
        if ("sql".equals(a.flow()) && a.plan() != null) {
            input.put("sql", a.plan().sql());
        } else {
            input.put("query", a.question());
        }
        use.put("client_side_execute", false);
        return use;
    }

    private ObjectNode toolResult(AgentAnswer a, String wire) {
        ObjectNode result = obj().put("tool_use_id", a.toolUseId()).put("type", a.tool().type()).put("name", a.tool().name());
        ObjectNode out = obj();
        if ("search".equals(a.flow())) {
            // the documented variants: results under "results" with "source_url", or no URL column at all
            boolean resultsKey = "search-results".equals(wire);
            ArrayNode results = out.putArray(resultsKey ? "results" : "searchResults");
            int i = 0;
            for (DocumentCorpus.Hit hit : a.hits()) {
                ObjectNode row = results.addObject().put("source_id", ++i).put("doc_id", hit.document().docId())
                        .put("doc_title", hit.document().title()).put("text", hit.document().text());
                if (!"search-no-url".equals(wire)) {
                    row.put(resultsKey ? "source_url" : "url", hit.document().url());
                }
            }
        } else if (a.plan() != null) {
            out.put("text", a.plan().interpretation());
            out.put("sql", a.plan().sql());
            out.put("query_id", a.table().queryId());
            out.set("result_set", ResultSets.resultSet(json, a.table()));
        } else {
            out.put("text", "The question could not be answered from the semantic model.");
            out.set("suggestions", json.valueToTree(a.suggestions()));
        }
        result.putArray("content").addObject().put("type", "json").set("json", out);
        result.put("status", "success");
        return result;
    }

    private ObjectNode table(AgentAnswer a) {
        ObjectNode table = obj().put("tool_use_id", a.toolUseId()).put("query_id", a.table().queryId());
        table.set("result_set", ResultSets.resultSet(json, a.table()));
        table.put("title", a.plan().title());
        return table;
    }

    private ArrayNode annotations(AgentAnswer a) {
        ArrayNode annotations = json.createArrayNode();
        a.citations().forEach(c -> annotations.add(citation(c)));
        return annotations;
    }

    private ObjectNode citation(AgentAnswer.Citation c) {
        return obj().put("type", "cortex_search_citation").put("index", c.index())
                .put("search_result_id", "cs_" + c.docId()).put("doc_id", c.docId()).put("doc_title", c.docTitle())
                .put("text", c.text());
    }

    private ObjectNode legacyToolJson(AgentAnswer a) {
        ObjectNode out = obj();
        if ("search".equals(a.flow())) {
            ArrayNode results = out.putArray("searchResults");
            int i = 0;
            for (DocumentCorpus.Hit hit : a.hits()) {
                results.addObject().put("text", hit.document().text()).put("source_id", ++i)
                        .put("doc_id", hit.document().docId()).put("doc_title", hit.document().title());
            }
        } else if (a.plan() != null) {
            out.put("text", a.plan().interpretation());
            out.put("sql", a.plan().sql());
        } else {
            out.put("text", "The question could not be answered from the semantic model.");
            out.set("suggestions", json.valueToTree(a.suggestions()));
        }
        return out;
    }

    private ObjectNode legacyDelta(ObjectNode item) {
        ObjectNode delta = obj().put("id", "msg_001").put("object", "message.delta");
        delta.putObject("delta").putArray("content").add(item);
        return delta;
    }

    private ObjectNode status(String status, String message) {
        return obj().put("status", status).put("message", message);
    }

    private ObjectNode toolStatus(AgentAnswer a, String status, String message, ObjectNode details) {
        ObjectNode node = obj().put("tool_use_id", a.toolUseId()).put("tool_type", a.tool().type())
                .put("status", status).put("message", message);
        node.set("details", details);
        return node;
    }

    private ObjectNode obj() {
        return json.createObjectNode();
    }

    private static final class Items {
        int thinking;
        int toolUse;
        int toolResult;
        int table = -1;
        int chart = -1;
        int text;
        ObjectNode response;
    }
}
