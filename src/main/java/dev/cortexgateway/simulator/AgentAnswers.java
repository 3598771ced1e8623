package dev.cortexgateway.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Works out the answer of an agent run from the question and the sample data: a question the
 * analyst recognises runs real SQL on the warehouse, anything else is answered from a search over
 * the corpus with citations. A {@code [[sim:tools tool=...]]} directive forces a flow.
 */
@Component
public final class AgentAnswers {

    /** A data question that asks to be drawn gets a chart, as an agent with a charting tool would. */
    private static final Pattern ASKS_FOR_CHART =
            Pattern.compile("\\b(chart|plot|graph|visuali[sz]e|draw)\\b", Pattern.CASE_INSENSITIVE);

    private static final int SEARCH_RESULTS = 3;
    private static final int CITED = 2;
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final QuestionAnalyst analyst;
    private final Warehouse warehouse;
    private final DocumentCorpus corpus;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();

    public AgentAnswers(QuestionAnalyst analyst, Warehouse warehouse, DocumentCorpus corpus, ObjectMapper json) {
        this.analyst = analyst;
        this.warehouse = warehouse;
        this.corpus = corpus;
        this.json = json;
    }

    AgentAnswer answer(String question, String forcedTool, JsonNode requestTools) {
        Optional<QuestionAnalyst.Plan> plan = analyst.plan(question);
        String flow = forcedTool != null ? forcedTool
                : plan.isEmpty() ? "search"
                : ASKS_FOR_CHART.matcher(question).find() ? "chart" : "analyst";
        return "search".equals(flow) ? search(question, requestTools) : data(flow, question, plan, requestTools);
    }

    private AgentAnswer search(String question, JsonNode requestTools) {
        AgentAnswer.Tool tool = tool(requestTools, Set.of("cortex_search"), "cortex_search", "search");
        List<DocumentCorpus.Hit> hits = corpus.search(question, d -> true, SEARCH_RESULTS);
        String thinking = "The question \"" + question + "\" is not about figures in the warehouse, "
                + "so I will search the document collection with " + tool.name() + ".";
        List<AgentAnswer.Citation> citations = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Set<String> terms = DocumentCorpus.terms(question);
        for (DocumentCorpus.Hit hit : hits.subList(0, Math.min(CITED, hits.size()))) {
            // a weak second match would make the answer cite something beside the point
            if (!citations.isEmpty() && hit.score() * 2 < hits.get(0).score()) {
                break;
            }
            DocumentCorpus.Document doc = hit.document();
            String sentence = bestSentence(doc.text(), terms);
            int index = citations.size() + 1;
            citations.add(new AgentAnswer.Citation(index, doc.docId(), doc.title(), sentence));
            if (index == 1) {
                text.append("According to \"").append(doc.title()).append("\", ").append(lowerFirst(sentence));
            } else {
                text.append(" \"").append(doc.title()).append("\" adds: ").append(sentence);
            }
            text.append(" 【†").append(index).append("†】");
        }
        if (hits.isEmpty()) {
            text.append("I could not find anything about that in the documents available to me.");
        }
        return new AgentAnswer("search", question, tool, toolUseId(), null, null, hits, thinking,
                text.toString().strip(), List.copyOf(citations), List.of(), null);
    }

    private AgentAnswer data(String flow, String question, Optional<QuestionAnalyst.Plan> plan, JsonNode requestTools) {
        AgentAnswer.Tool tool = "sql".equals(flow)
                ? tool(requestTools, Set.of("sql_exec", "cortex_analyst_sql_exec", "system_execute_sql"), "sql_exec", "sql_exec")
                : tool(requestTools, Set.of("cortex_analyst_text_to_sql"), "cortex_analyst_text_to_sql", "analyst");
        String thinking = "The question \"" + question + "\" asks for figures from the warehouse, so I will use "
                + tool.name() + " to query it.";
        if (plan.isEmpty()) {
            String text = "I could not map this question to the sample warehouse. Questions I can answer include: "
                    + String.join(" ", QuestionAnalyst.SUGGESTIONS);
            return new AgentAnswer(flow, question, tool, toolUseId(), null, null, List.of(), thinking, text, List.of(),
                    QuestionAnalyst.SUGGESTIONS, null);
        }
        ResultTable table;
        try {
            table = warehouse.query(plan.get().sql(), 60);
        } catch (SQLException e) {
            throw new SnowflakeError(HttpStatus.INTERNAL_SERVER_ERROR, SnowflakeError.EXECUTION,
                    "Error during execution", null);
        }
        String chart = "chart".equals(flow) ? chartSpec(plan.get(), table) : null;
        return new AgentAnswer(flow, question, tool, toolUseId(), plan.get(), table, List.of(), thinking,
                analyst.describe(plan.get(), table), List.of(), List.of(), chart);
    }

    /** A bar chart of the first measure over the row labels, serialized as Cortex sends it. */
    private String chartSpec(QuestionAnalyst.Plan plan, ResultTable table) {
        String label = table.columns().get(0).name();
        String measure = table.columns().get(plan.labelColumns()).name();
        ObjectNode spec = json.createObjectNode();
        spec.put("$schema", "https://vega.github.io/schema/vega-lite/v5.json");
        spec.put("title", plan.title());
        spec.put("mark", "bar");
        ArrayNode values = spec.putObject("data").putArray("values");
        for (List<String> row : table.rows()) {
            ObjectNode value = values.addObject();
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < plan.labelColumns(); i++) {
                name.append(i == 0 ? "" : " ").append(row.get(i));
            }
            value.put(label, name.toString());
            value.put(measure, row.get(plan.labelColumns()) == null ? 0 : Double.parseDouble(row.get(plan.labelColumns())));
        }
        ObjectNode encoding = spec.putObject("encoding");
        encoding.putObject("x").put("field", label).put("type", "nominal").put("sort", (String) null);
        encoding.putObject("y").put("field", measure).put("type", "quantitative");
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request's own tool of that type, so events name it as the caller configured it. */
    private static AgentAnswer.Tool tool(JsonNode requestTools, Set<String> types, String defaultType, String defaultName) {
        if (requestTools != null && requestTools.isArray()) {
            for (JsonNode tool : requestTools) {
                JsonNode spec = tool.path("tool_spec");
                String type = spec.path("type").asText("");
                if (types.contains(type)) {
                    return new AgentAnswer.Tool(type, spec.path("name").asText(defaultName));
                }
            }
        }
        return new AgentAnswer.Tool(defaultType, defaultName);
    }

    private String toolUseId() {
        StringBuilder id = new StringBuilder("toolu_bdrk_01");
        for (int i = 0; i < 22; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static String bestSentence(String text, Set<String> terms) {
        String best = null;
        int bestScore = -1;
        for (String sentence : text.split("(?<=\\.)\\s+")) {
            Set<String> words = DocumentCorpus.terms(sentence);
            int score = (int) terms.stream().filter(words::contains).count();
            if (score > bestScore) {
                best = sentence;
                bestScore = score;
            }
        }
        return best;
    }

    private static String lowerFirst(String sentence) {
        if (sentence.length() > 1 && Character.isUpperCase(sentence.charAt(0)) && Character.isLowerCase(sentence.charAt(1))) {
            return sentence.substring(0, 1).toLowerCase(Locale.ROOT) + sentence.substring(1);
        }
        return sentence;
    }
}
