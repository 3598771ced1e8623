package dev.cortexgateway.cortex;

import static dev.cortexgateway.config.CortexProperties.present;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.config.CortexProperties;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The run endpoint and body for the configured agent (cortex-api.md §1.2): inline runs carry model,
 * tools and tool resources; agent-object runs carry only the conversation (Snowflake refuses model
 * and tools there); legacy inline runs use the pre-September-2025 fields.
 */
final class AgentRunRequests {

    /** Tool names equal their types, so a {@code response.tool_use} names the gateway's tool directly. */
    static final String SEARCH_TOOL = "cortex_search";
    static final String ANALYST_TOOL = "cortex_analyst_text_to_sql";

    private final CortexProperties properties;
    private final ObjectMapper json;
    private volatile URI uri;

    AgentRunRequests(CortexProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
        this.uri = runUri(properties);
    }

    /**
     * Port 0 in the base URL stands for "this gateway's own port" (the local simulator on a random
     * port in tests): once the web server knows its port, the run URL is pointed at it.
     */
    void useOwnPort(int port) {
        if (uri.getPort() == 0) {
            uri = URI.create(uri.toString().replaceFirst("^(https?://[^/:]+):0", "$1:" + port));
        }
    }

    URI uri() {
        return uri;
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

    private static URI runUri(CortexProperties properties) {
        String base = properties.baseUrl().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        CortexProperties.Agent agent = properties.agent();
        if (agent.mode() == CortexProperties.Mode.INLINE) {
            return URI.create(base + "/api/v2/cortex/agent:run");
        }
        return URI.create(base + "/api/v2/databases/" + segment(agent.database()) + "/schemas/" + segment(agent.schema())
                + "/agents/" + segment(agent.name()) + ":run");
    }

    /** Identifiers may be quoted or hold characters a path cannot: percent-encode them. */
    private static String segment(String identifier) {
        return URLEncoder.encode(identifier.trim(), StandardCharsets.UTF_8).replace("+", "%20");
    }
}
