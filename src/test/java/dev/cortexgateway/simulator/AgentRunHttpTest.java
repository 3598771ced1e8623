package dev.cortexgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agent runs in both schemas and both modes, as a Snowflake client sees them. */
class AgentRunHttpTest extends SimulatorHttpTestBase {

    Warehouse warehouse;

    /** The simulator's beans live in its own context, not in the gateway's. */
    @BeforeEach
    void simulatorBeans() {
        warehouse = simulator.bean(Warehouse.class);
    }

    @Test
    void dataQuestionRunsTheAnalystFlowOnRealData() throws Exception {
        List<SimClient.Event> events;
        try (SimClient.Stream stream = client.stream(AGENT_RUN, SimClient.agentRun("What was the revenue by quarter in 2024?"))) {
            assertThat(stream.head().statusCode()).isEqualTo(200);
            assertThat(stream.head().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(stream.head().headers().firstValue("X-Snowflake-Request-ID")).isPresent();
            events = stream.rest(STREAM_TIMEOUT);
        }
        List<String> names = names(events);
        assertThat(names.get(0)).isEqualTo("response.status");
        assertThat(events.get(0).json().path("status").asText()).isEqualTo("planning");
        assertThat(names).containsSubsequence("response.thinking.delta", "response.thinking", "response.tool_use",
                "response.tool_result.status", "response.tool_result.analyst.delta", "response.tool_result",
                "response.table", "response.text.delta", "response.text", "response", "done");
        assertThat(names.get(names.size() - 2)).isEqualTo("response");
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");

        JsonNode toolUse = only(events, "response.tool_use").json();
        assertThat(toolUse.path("tool_use_id").asText()).startsWith("toolu_bdrk_01");
        assertThat(toolUse.path("type").asText()).isEqualTo("cortex_analyst_text_to_sql");
        assertThat(only(events, "response.tool_result.analyst.delta").json().path("delta").path("sql").asText())
                .contains("revenue_by_quarter");

        // the table holds what the warehouse holds, in the SQL API's string encoding
        ResultTable expected = warehouse.query(
                "SELECT fiscal_quarter, revenue FROM revenue_by_quarter WHERE fiscal_year = 2024 ORDER BY fiscal_quarter", 10);
        JsonNode resultSet = only(events, "response.table").json().path("result_set");
        assertThat(resultSet.path("resultSetMetaData").path("format").asText()).isEqualTo("jsonv2");
        assertThat(resultSet.path("resultSetMetaData").path("rowType").findValuesAsText("name"))
                .containsExactly("FISCAL_YEAR", "FISCAL_QUARTER", "REVENUE");
        assertThat(expected.rows()).hasSize(4);
        List<List<String>> tableRows = new ArrayList<>();
        resultSet.path("data").forEach(row -> {
            assertThat(row.get(2).isTextual()).as("cells are strings").isTrue();
            tableRows.add(List.of(row.get(1).asText(), row.get(2).asText()));
        });
        assertThat(tableRows).isEqualTo(expected.rows());

        // and the answer states those numbers
        String text = only(events, "response.text").json().path("text").asText();
        DecimalFormat money = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        for (List<String> row : expected.rows()) {
            assertThat(text).contains("Q" + row.get(0)).contains(money.format(new BigDecimal(row.get(1))));
        }
        assertContentIndexesMatchResponse(events);
    }

    @Test
    void otherQuestionsAreAnsweredFromTheCorpusWithCitations() throws Exception {
        List<SimClient.Event> events;
        try (SimClient.Stream stream = client.stream(AGENT_RUN,
                SimClient.agentRun("Can I work remotely from another country?"))) {
            events = stream.rest(STREAM_TIMEOUT);
        }
        JsonNode toolUse = only(events, "response.tool_use").json();
        assertThat(toolUse.path("type").asText()).isEqualTo("cortex_search");
        JsonNode results = only(events, "response.tool_result").json().path("content").get(0).path("json").path("searchResults");
        assertThat(results.get(0).path("doc_id").asText()).isEqualTo("POL-002");

        List<JsonNode> annotations = events.stream().filter(e -> "response.text.annotation".equals(e.name()))
                .map(SimClient.Event::json).toList();
        assertThat(annotations).isNotEmpty();
        JsonNode first = annotations.get(0).path("annotation");
        assertThat(first.path("type").asText()).isEqualTo("cortex_search_citation");
        assertThat(first.path("doc_id").asText()).isEqualTo("POL-002");
        assertThat(first.path("doc_title").asText()).isEqualTo("Remote Work Policy");
        assertThat(first.path("text").asText()).contains("20 working days");
        JsonNode text = only(events, "response.text").json();
        assertThat(text.path("text").asText()).startsWith("According to \"Remote Work Policy\"")
                .contains("20 working days").contains("【†1†】");
        assertThat(text.path("annotations")).hasSize(annotations.size());
        assertContentIndexesMatchResponse(events);
    }

    @Test
    void legacyRequestGetsMessageDeltasEndingWithDone() throws Exception {
        Map<String, Object> body = Map.of("model", "claude-3-5-sonnet",
                "messages", List.of(SimClient.userMessage("Who are the top 3 customers by order amount?")));
        List<SimClient.Event> events;
        try (SimClient.Stream stream = client.stream(AGENT_RUN, body)) {
            events = stream.rest(STREAM_TIMEOUT);
        }
        SimClient.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isNull();
        assertThat(last.data()).isEqualTo("[DONE]");
        List<SimClient.Event> deltas = events.subList(0, events.size() - 1);
        assertThat(names(deltas)).containsOnly("message.delta");
        List<String> types = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (SimClient.Event event : deltas) {
            JsonNode json = event.json();
            assertThat(json.path("object").asText()).isEqualTo("message.delta");
            JsonNode item = json.path("delta").path("content").get(0);
            types.add(item.path("type").asText());
            if ("text".equals(item.path("type").asText())) {
                text.append(item.path("text").asText());
            }
            if ("tool_results".equals(item.path("type").asText())) {
                assertThat(item.path("tool_results").path("content").get(0).path("json").path("sql").asText())
                        .contains("LIMIT 3");
            }
        }
        assertThat(types).startsWith("tool_use", "tool_results").endsWith("text");
        ResultTable top = warehouse.query("SELECT c.name, SUM(o.amount) FROM orders o JOIN customers c"
                + " ON c.customer_id = o.customer_id WHERE o.status <> 'CANCELLED' GROUP BY c.name ORDER BY 2 DESC LIMIT 1", 10);
        assertThat(text.toString()).contains(top.rows().get(0).get(0));
    }

    @Test
    void legacyFollowUpCarryingOnlyToolResultsAnswersTheEarlierQuestion() throws Exception {
        Map<String, Object> toolResults = Map.of("role", "user", "content", List.of(Map.of("type", "tool_results",
                "tool_results", Map.of("tool_use_id", "toolu_bdrk_01abc", "result", Map.of("query_id", "01-q")))));
        Map<String, Object> assistant = Map.of("role", "assistant", "content", List.of(Map.of("type", "tool_use",
                "tool_use", Map.of("tool_use_id", "toolu_bdrk_01abc", "name", "analyst", "input", Map.of()))));
        Map<String, Object> body = Map.of("model", "claude-3-5-sonnet", "messages",
                List.of(SimClient.userMessage("How are orders split by region?"), assistant, toolResults));
        try (SimClient.Stream stream = client.stream(AGENT_RUN, body)) {
            assertThat(stream.head().statusCode()).isEqualTo(200);
            List<SimClient.Event> events = stream.rest(STREAM_TIMEOUT);
            assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
            assertThat(events.stream().map(SimClient.Event::data).collect(Collectors.joining())).contains("o.region");
        }
        Map<String, Object> noText = Map.of("model", "claude-3-5-sonnet", "messages", List.of(toolResults));
        assertSnowflakeError(client.post(AGENT_RUN, noText), 400);
    }

    @Test
    void nonStreamingAnswerIsTheResponsePayload() throws Exception {
        String question = "How are orders split by region?";
        List<SimClient.Event> events;
        try (SimClient.Stream stream = client.stream(AGENT_RUN, SimClient.agentRun(question))) {
            events = stream.rest(STREAM_TIMEOUT);
        }
        Map<String, Object> body = Map.of("models", Map.of("orchestration", "claude-4-sonnet"), "stream", false,
                "messages", List.of(SimClient.userMessage(question)));
        HttpResponse<String> response = client.post(AGENT_RUN, body,
                Map.of("Authorization", "Bearer " + SimClient.TOKEN, "Accept", "application/json"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode json = json(response);
        assertThat(json.path("role").asText()).isEqualTo("assistant");
        assertThat(json.path("content").findValuesAsText("type"))
                .containsSubsequence("thinking", "tool_use", "tool_result", "table", "text");
        JsonNode usage = json.path("metadata").path("usage").path("tokens_consumed").get(0);
        assertThat(usage.path("model_name").asText()).isEqualTo("claude-4-sonnet");
        assertThat(usage.path("input_tokens").path("total").asInt()).isPositive();
        assertThat(usage.path("output_tokens").path("total").asInt()).isPositive();
        assertThat(json.path("metadata").path("run_id").asText()).isNotBlank();
        // ids differ per run; everything else is the streamed response event
        assertThat(withoutIds(json)).isEqualTo(withoutIds(only(events, "response").json()));
    }

    @Test
    void agentObjectPathMatchesTheLiteralColon() throws Exception {
        String path = "/api/v2/databases/SALES_DB/schemas/PUBLIC/agents/finance_agent:run";
        Map<String, Object> body = Map.of("messages", List.of(SimClient.userMessage("What is deferred revenue?")));
        try (SimClient.Stream stream = client.stream(path, body)) {
            assertThat(stream.head().statusCode()).isEqualTo(200);
            assertThat(names(stream.rest(STREAM_TIMEOUT))).contains("response");
        }
        assertThat(runs.started("agent-object:run")).isEqualTo(1);
        assertThat(client.post("/api/v2/databases/SALES_DB/schemas/PUBLIC/agents/finance_agent", body).statusCode())
                .isNotEqualTo(200);
        assertThat(client.post("/api/v2/databases/SALES_DB/schemas/PUBLIC/agents/finance_agent:runs", body).statusCode())
                .isNotEqualTo(200);
        assertThat(client.post("/api/v2/cortex/agent;run", body).statusCode()).isNotEqualTo(200);
        // an agent object carries its own models; the run may not override them
        assertSnowflakeError(client.post(path, SimClient.agentRun("What is deferred revenue?")), 400);
    }

    @Test
    void badRequestsGetSnowflakesErrorBody() throws Exception {
        assertSnowflakeError(client.post(AGENT_RUN, Map.of("models", Map.of())), 400);
        assertSnowflakeError(client.post(AGENT_RUN, Map.of("messages", List.of())), 400);
        assertSnowflakeError(client.post(AGENT_RUN, Map.of("messages", List.of(Map.of("role", "user",
                "content", List.of(Map.of("type", "text")))))), 400);
        assertSnowflakeError(client.post(AGENT_RUN, Map.of("messages", List.of(Map.of("role", "user",
                "content", "hello")))), 400);
        assertSnowflakeError(client.post(AGENT_RUN, SimClient.agentRun("hello [[sim:explode]]")), 400);
        assertSnowflakeError(client.postRaw(AGENT_RUN, "application/json", "{\"messages\": ["), 400);
        assertSnowflakeError(client.postRaw(AGENT_RUN, "text/plain", "hello"), 415);
        assertThat(runs.started("agent:run")).isZero();
    }

    /** Every content_index points at the item of the same kind in the final response. */
    private static void assertContentIndexesMatchResponse(List<SimClient.Event> events) {
        JsonNode content = only(events, "response").json().path("content");
        Map<String, String> kinds = Map.of("response.thinking", "thinking", "response.thinking.delta", "thinking",
                "response.tool_use", "tool_use", "response.tool_result", "tool_result", "response.table", "table",
                "response.chart", "chart", "response.text", "text", "response.text.delta", "text",
                "response.text.annotation", "text");
        for (SimClient.Event event : events) {
            String kind = kinds.get(event.name());
            if (kind != null) {
                int index = event.json().path("content_index").asInt(-1);
                assertThat(content.path(index).path("type").asText()).as("content[%s] for %s", index, event.name())
                        .isEqualTo(kind);
            }
        }
        String deltas = events.stream().filter(e -> "response.text.delta".equals(e.name()))
                .map(e -> e.json().path("text").asText()).collect(Collectors.joining());
        String full = only(events, "response.text").json().path("text").asText();
        assertThat(deltas).isEqualTo(full);
        int textIndex = only(events, "response.text").json().path("content_index").asInt();
        assertThat(content.path(textIndex).path("text").asText()).isEqualTo(full);
    }

    private static JsonNode withoutIds(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String id : List.of("tool_use_id", "query_id", "statementHandle", "run_id", "search_result_id")) {
                if (object.has(id)) {
                    object.put(id, "*");
                }
            }
        }
        node.forEach(AgentRunHttpTest::strip);
    }
}
