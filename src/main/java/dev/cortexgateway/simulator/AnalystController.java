package dev.cortexgateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cortex Analyst's {@code /api/v2/cortex/analyst/message}: SQL for a recognised question (not
 * executed, as Analyst only writes SQL), suggestions otherwise. Exactly one semantic model source
 * is required. {@code "stream": true} sends {@code status}, {@code message.content.delta},
 * {@code warnings}, {@code response_metadata} and a final {@code status} of {@code done}.
 */
@RestController
public final class AnalystController {

    private static final Set<String> ROLES = Set.of("user", "analyst");
    private static final List<String> MODEL_SOURCES = List.of("semantic_model_file", "semantic_model", "semantic_view",
            "semantic_models");
    private static final String MODEL = "claude-3-5-sonnet";

    private final QuestionAnalyst analyst;
    private final StreamPlayer player;
    private final SimulatorRuns runs;
    private final ScenarioResponses scenarios;
    private final ObjectMapper json;

    public AnalystController(QuestionAnalyst analyst, StreamPlayer player, SimulatorRuns runs,
                             ScenarioResponses scenarios, ObjectMapper json) {
        this.analyst = analyst;
        this.player = player;
        this.runs = runs;
        this.scenarios = scenarios;
        this.json = json;
    }

    @PostMapping(path = "/api/v2/cortex/analyst/message")
    public Object message(@RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
        String requestId = SnowflakeResponses.requestId(request, response);
        Scenario.Parsed parsed = Scenario.parse(Messages.question(body, ROLES));
        checkModelSource(body);
        runs.recordStarted("analyst:message");
        scenarios.refuseIfAsked(parsed.scenario());
        Optional<QuestionAnalyst.Plan> plan = analyst.plan(parsed.text());
        String text = plan.map(p -> "This is our interpretation of your question:\n\n" + p.interpretation())
                .orElse("I could not map your question to the semantic model. Here are some questions you can ask:");

        if (!body.path("stream").asBoolean(false)) {
            return scenarios.json(parsed.scenario(), requestId, () -> answer(body, plan, text, requestId, parsed.scenario().wire()));
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).cacheControl(CacheControl.noCache())
                .body(player.play(stream(plan, text, parsed.scenario(), requestId), parsed.scenario()));
    }

    private static void checkModelSource(JsonNode body) {
        long sources = MODEL_SOURCES.stream().filter(s -> body.hasNonNull(s)).count();
        if (sources != 1) {
            throw SnowflakeError.badRequest("Exactly one of semantic_model_file, semantic_model, semantic_view "
                    + "or semantic_models is required");
        }
        JsonNode models = body.get("semantic_models");
        if (models != null && (!models.isArray() || models.isEmpty())) {
            throw SnowflakeError.badRequest("semantic_models must be a non-empty array");
        }
    }

    private ObjectNode answer(JsonNode body, Optional<QuestionAnalyst.Plan> plan, String text, String requestId, String wire) {
        ObjectNode out = json.createObjectNode().put("request_id", requestId);
        ObjectNode message = out.putObject("message").put("role", "analyst");
        ArrayNode content = message.putArray("content");
        content.addObject().put("type", "text").put("text", text);
        if (plan.isPresent()) {
            ObjectNode sql = content.addObject().put("type", "sql").put("statement", plan.get().sql());
            sql.putObject("confidence").putNull("verified_query_used");
        } else {
            // Snowflake's documentation shows the item typed both "suggestions" and "suggestion"
            String type = "analyst-suggestion".equals(wire) ? "suggestion" : "suggestions";
            content.addObject().put("type", type).set("suggestions", json.valueToTree(QuestionAnalyst.SUGGESTIONS));
        }
        out.putArray("warnings");
        if (body.has("semantic_models")) {
            out.putObject("semantic_model_selection").set("selected", body.get("semantic_models").get(0));
        }
        out.set("response_metadata", metadata(plan));
        return out;
    }

    private StreamScript stream(Optional<QuestionAnalyst.Plan> plan, String text, Scenario scenario, String requestId) {
        StreamScript.Builder out = new StreamScript.Builder(json);
        out.event("status", status("interpreting_question", "Interpreting question", requestId));
        out.event("status", status(plan.isPresent() ? "generating_sql" : "generating_suggestions",
                plan.isPresent() ? "Generating SQL" : "Generating suggestions", requestId));
        String streamed = TextChunks.fill(text, scenario.textDeltas());
        for (String chunk : TextChunks.split(streamed, scenario.textDeltas())) {
            out.event("message.content.delta", json.createObjectNode().put("index", 0).put("type", "text")
                    .put("text_delta", chunk));
        }
        if (plan.isPresent()) {
            out.event("status", status("validating_sql", "Validating SQL", requestId));
            ObjectNode sql = json.createObjectNode().put("index", 1).put("type", "sql")
                    .put("statement_delta", plan.get().sql());
            sql.putObject("confidence").putNull("verified_query_used");
            out.event("message.content.delta", sql);
        } else {
            for (int i = 0; i < QuestionAnalyst.SUGGESTIONS.size(); i++) {
                ObjectNode suggestion = json.createObjectNode().put("index", 1).put("type", "suggestions");
                suggestion.putObject("suggestions_delta").put("index", i)
                        .put("suggestion_delta", QuestionAnalyst.SUGGESTIONS.get(i));
                out.event("message.content.delta", suggestion);
            }
        }
        out.event("warnings", json.createObjectNode().set("warnings", json.createArrayNode()));
        out.event("response_metadata", metadata(plan));
        out.terminal("status", status("done", "Done", requestId));
        String error = StreamScript.frame(json, "error", json.createObjectNode().put("message", "Error during execution")
                .put("code", SnowflakeError.EXECUTION).put("request_id", requestId));
        return out.build(error);
    }

    private ObjectNode metadata(Optional<QuestionAnalyst.Plan> plan) {
        ObjectNode metadata = json.createObjectNode();
        metadata.putArray("model_names").add(MODEL);
        metadata.putArray("cortex_search_retrieval");
        metadata.put("question_category", plan.isPresent() ? "CLEAR_SQL" : "UNCLEAR");
        return metadata;
    }

    private ObjectNode status(String status, String message, String requestId) {
        return json.createObjectNode().put("status", status).put("status_message", message).put("request_id", requestId);
    }
}
