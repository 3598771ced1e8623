package dev.cortexgateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cortex Agents' run endpoints: inline ({@code /api/v2/cortex/agent:run}) and agent object
 * ({@code .../agents/{name}:run}). Streams by default; {@code "stream": false} answers the
 * {@code response} payload as JSON. A body with {@code model} and no {@code models} gets the
 * legacy {@code message.delta} stream.
 */
@RestController
public final class AgentRunController {

    private static final Set<String> ROLES = Set.of("user", "assistant", "system");
    private static final Set<String> OBJECT_ONLY_SETTINGS = Set.of("models", "instructions", "orchestration");
    private static final String DEFAULT_MODEL = "claude-4-sonnet";

    private final AgentAnswers answers;
    private final AgentEvents events;
    private final StreamPlayer player;
    private final SimulatorRuns runs;
    private final ScenarioResponses scenarios;

    public AgentRunController(AgentAnswers answers, AgentEvents events, StreamPlayer player, SimulatorRuns runs,
                              ScenarioResponses scenarios) {
        this.answers = answers;
        this.events = events;
        this.player = player;
        this.runs = runs;
        this.scenarios = scenarios;
    }

    @PostMapping(path = "/api/v2/cortex/agent:run")
    public Object inline(@RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
        return run("agent:run", body, request, response);
    }

    @PostMapping(path = "/api/v2/databases/{database}/schemas/{schema}/agents/{name}:run")
    public Object agentObject(@PathVariable String database, @PathVariable String schema, @PathVariable String name,
                              @RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
        if (body != null && body.isObject()) {
            for (String setting : OBJECT_ONLY_SETTINGS) {
                if (body.has(setting)) {
                    throw SnowflakeError.badRequest(setting + " cannot be set when running an agent object; update the agent instead");
                }
            }
        }
        return run("agent-object:run", body, request, response);
    }

    private Object run(String endpoint, JsonNode body, HttpServletRequest request, HttpServletResponse response) {
        String requestId = SnowflakeResponses.requestId(request, response);
        Scenario.Parsed parsed = Scenario.parse(Messages.question(body, ROLES));
        Scenario scenario = parsed.scenario();
        runs.recordStarted(endpoint);
        scenarios.refuseIfAsked(scenario);
        boolean legacy = body.has("model") && !body.has("models");
        String model = legacy ? body.get("model").asText(DEFAULT_MODEL)
                : body.path("models").path("orchestration").asText(DEFAULT_MODEL);
        AgentAnswer answer = answers.answer(parsed.text(), scenario.tool(), body.get("tools"));
        AgentEvents.Run run = new AgentEvents.Run(answer, model, AgentEvents.estimateTokens(body.get("messages").toString()),
                scenario.textDeltas(), requestId, scenario.wire());

        if (!body.path("stream").asBoolean(true)) {
            return scenarios.json(scenario, requestId, () -> events.response(run));
        }
        StreamScript script = legacy ? events.legacy(run) : events.stream(run);
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .cacheControl(CacheControl.noCache())
                .body(player.play(script, scenario));
    }
}
