package dev.cortexgateway.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.contract.RequestValidator;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.route.TokenCheck;
import dev.cortexgateway.store.ToolRegistryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The tool registry steps of routes/tools.yaml: list and describe tools, resolve the tool a call
 * names (404 TOOL_NOT_FOUND, 403 TOOL_DISABLED), and register a declarative tool, which is live at
 * once. Built-in tools come from {@link BuiltInTools}; registered ones from the registry store, so
 * every instance sees the same set.
 */
@Component("toolCatalog")
public final class ToolCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ToolCatalog.class);

    private final BuiltInTools builtIns;
    private final ToolRegistryStore store;
    private final ToolDefinitions definitions;
    private final ToolRoutes routes;
    private final ToolViews views;
    private final ToolProperties properties;
    private final RequestValidator validator;
    private final ObjectMapper json;

    public ToolCatalog(BuiltInTools builtIns, ToolRegistryStore store, ToolDefinitions definitions, ToolRoutes routes,
                       ToolViews views, ToolProperties properties, RequestValidator validator, ObjectMapper json) {
        this.builtIns = builtIns;
        this.store = store;
        this.definitions = definitions;
        this.routes = routes;
        this.views = views;
        this.properties = properties;
        this.validator = validator;
        this.json = json;
    }

    /** A tool by name, built-in or registered. */
    public Optional<Tool> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Optional<Tool> builtIn = builtIns.find(name);
        if (builtIn.isPresent()) {
            return builtIn;
        }
        return store.find(name).map(this::toTool);
    }

    /** The tool named by the {@code toolName} path parameter, ready to run: its route exists. */
    public Tool resolve(Exchange exchange) {
        String name = exchange.getIn().getHeader("toolName", String.class);
        Tool tool = find(name).orElseThrow(() -> notFound(name));
        if (!tool.enabled()) {
            throw new GatewayException(ErrorCode.TOOL_DISABLED, "The tool '" + tool.name() + "' is disabled",
                    "Ask the gateway's operators to enable it, or use another tool", Map.of("tool", tool.name()));
        }
        routes.ensure(tool);
        exchange.setProperty(ExchangeKeys.TOOL, tool);
        return tool;
    }

    /** {@code GET /api/v1/tools}. */
    public ObjectNode list(Exchange exchange) {
        List<Tool> all = new ArrayList<>(builtIns.all());
        for (ToolRegistryStore.Tool stored : store.list()) {
            if (!builtIns.isBuiltIn(stored.name())) {
                all.add(toTool(stored));
            }
        }
        return views.list(all, isAdmin(exchange));
    }

    /** {@code GET /api/v1/tools/{toolName}}: disabled tools too, so callers see why they cannot call one. */
    public ObjectNode describe(Exchange exchange) {
        String name = exchange.getIn().getHeader("toolName", String.class);
        return views.tool(find(name).orElseThrow(() -> notFound(name)), isAdmin(exchange));
    }

    /**
     * {@code POST /api/v1/tools} (scope admin): validates the definition in the request body, stores it
     * and builds its route. Answers 201 for a new tool, 200 when an existing one was replaced.
     */
    public ObjectNode register(Exchange exchange) {
        JsonNode body = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        List<Map<String, String>> errors = definitions.validate(body);
        if (!errors.isEmpty()) {
            // the body matched the schema (the route checked it): what fails here is the definition itself
            throw new GatewayException(ErrorCode.INVALID_CONFIG, "The tool definition is not valid",
                    "Fix the fields listed in details.fields; POST /api/v1/pipelines/validate checks a definition without applying it",
                    Map.of("fields", errors));
        }
        ObjectNode definition = definitions.normalized(body);
        String name = definition.path("name").asText();
        boolean existed = store.find(name).isPresent();
        ToolRegistryStore.Tool saved;
        try {
            saved = store.save(name, definition.path("kind").asText(), definition.path("version").asText(),
                    json.writeValueAsString(definition));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        if (definition.has("enabled")) {
            store.setEnabled(name, definition.path("enabled").asBoolean());
            saved = store.find(name).orElseThrow();
        }
        Tool tool = toTool(saved);
        validator.forgetSchemas("tool:" + name + "@");
        routes.ensure(tool);
        LOG.info("tool {} registered (kind {}, version {}, {})", name, tool.kind(), tool.version(),
                existed ? "replaced" : "new");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, existed ? 200 : 201);
        exchange.getMessage().setHeader("Location", "/api/v1/tools/" + name);
        return views.registered(tool, existed);
    }

    private Tool toTool(ToolRegistryStore.Tool stored) {
        ObjectNode definition;
        try {
            definition = (ObjectNode) json.readTree(stored.definition());
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("the stored definition of tool " + stored.name() + " is not a JSON object");
        }
        Duration timeout = definition.hasNonNull("timeoutSeconds")
                ? Duration.ofSeconds(definition.get("timeoutSeconds").asLong())
                : properties.timeoutOf(stored.name());
        return new Tool(stored.name(), stored.kind(), definition.path("description").asText(""), stored.version(), false,
                stored.enabled(), definition, definitions.parameterSchema(definition), timeout, stored.updatedAt(),
                stored.createdAt());
    }

    private static boolean isAdmin(Exchange exchange) {
        VerifiedToken caller = exchange.getProperty(ExchangeKeys.PRINCIPAL, VerifiedToken.class);
        return caller != null && caller.hasScope("admin");
    }

    private static GatewayException notFound(String name) {
        return new GatewayException(ErrorCode.TOOL_NOT_FOUND, "No tool is named '" + name + "'",
                "GET /api/v1/tools lists the tools", Map.of("tool", name == null ? "" : name));
    }
}
