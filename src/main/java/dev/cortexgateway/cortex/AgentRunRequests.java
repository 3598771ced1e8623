package dev.cortexgateway.cortex;

import static dev.cortexgateway.config.CortexProperties.present;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.config.CortexProperties;
import java.net.URI;

/**
 * The run endpoint and body for the configured agent (Snowflake's Cortex Agents REST API): inline runs carry model,
 * tools and tool resources; agent-object runs carry only the conversation (Snowflake refuses model
 * and tools there); legacy inline runs use the pre-September-2025 fields.
 */
final class AgentRunRequests {

    /** Tool names equal their types, so a {@code response.tool_use} names the gateway's tool directly. */
    static final String SEARCH_TOOL = CortexToolTypes.SEARCH;
    static final String ANALYST_TOOL = CortexToolTypes.ANALYST;

    private final CortexProperties properties;
    private final ObjectMapper json;
    private final CortexEndpoints endpoints;
    private final String runPath;

    AgentRunRequests(CortexProperties properties, ObjectMapper json) {
        this(properties, json, new CortexEndpoints(properties.baseUrl()));
    }

    AgentRunRequests(CortexProperties properties, ObjectMapper json, CortexEndpoints endpoints) {
        this.properties = properties;
        this.json = json;
        this.endpoints = endpoints;
        this.runPath = runPath(properties.agent());
    }

    URI uri() {
        return endpoints.resolve(runPath);
    }

    ObjectNode body(AgentRunInput input, boolean stream) {
        CortexProperties.Agent agent = properties.agent();
        ObjectNode body = json.createObjectNode();
        if (agent.mode() == CortexProperties.Mode.INLINE) {
            if (agent.legacy()) {
                body.put("model", agent.model());
            } else {
                body.putObject("models").put("orchestration", agent.model());
            }
        }
        ArrayNode messages = body.putArray("messages");
        for (AgentRunInput.Message message : input.messages()) {
            ObjectNode item = messages.addObject().put("role", message.role());
            item.putArray("content").addObject().put("type", "text").put("text", message.text());
        }
        if (agent.mode() == CortexProperties.Mode.INLINE) {
            tools(body, agent.tools(), agent.legacy());
        }
        body.putObject("tool_choice").put("type", "auto");
        body.put("stream", stream);
        return body;
    }

    private void tools(ObjectNode body, CortexProperties.Tools tools, boolean legacy) {
        if (!tools.search() && !tools.analyst()) {
            return;
        }
        ArrayNode specs = body.putArray("tools");
        ObjectNode resources = body.putObject("tool_resources");
        if (tools.analyst()) {
            specs.addObject().putObject("tool_spec").put("type", ANALYST_TOOL).put("name", ANALYST_TOOL);
            ObjectNode analyst = resources.putObject(ANALYST_TOOL);
            if (present(tools.semanticModelFile())) {
                analyst.put("semantic_model_file", tools.semanticModelFile());
            } else {
                analyst.put("semantic_view", tools.semanticView());
            }
            String warehouse = present(tools.warehouse()) ? tools.warehouse() : properties.warehouse();
            if (!legacy && present(warehouse)) {
                analyst.putObject("execution_environment").put("type", "warehouse").put("warehouse", warehouse);
            }
        }
        if (tools.search()) {
            specs.addObject().putObject("tool_spec").put("type", SEARCH_TOOL).put("name", SEARCH_TOOL);
            // the legacy format names the service with "name", the current one with "search_service"
            resources.putObject(SEARCH_TOOL).put(legacy ? "name" : "search_service", tools.searchService());
        }
    }

    private static String runPath(CortexProperties.Agent agent) {
        if (agent.mode() == CortexProperties.Mode.INLINE) {
            return "/api/v2/cortex/agent:run";
        }
        return "/api/v2/databases/" + CortexEndpoints.segment(agent.database())
                + "/schemas/" + CortexEndpoints.segment(agent.schema())
                + "/agents/" + CortexEndpoints.segment(agent.name()) + ":run";
    }
}
