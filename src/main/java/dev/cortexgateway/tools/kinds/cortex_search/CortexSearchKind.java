package dev.cortexgateway.tools.kinds.cortex_search;

import static dev.cortexgateway.config.CortexProperties.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.cortex.CortexToolTypes;
import dev.cortexgateway.tools.ToolProperties;
import dev.cortexgateway.tools.kinds.BuiltInTool;
import dev.cortexgateway.tools.kinds.ToolKind;
import dev.cortexgateway.tools.kinds.ToolRoute;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code cortex_search}: one Cortex Search {@code :query} ({@link CortexSearchTool}), registrable with
 * a service and its column mapping, and the built-in tool of the same name on the configured service
 * ({@code gateway.tools.search}). Route: routes/tools/cortex_search.yaml.
 */
@Component
@Order(3)
public final class CortexSearchKind implements ToolKind {

    public static final String NAME = "cortex_search";
    /** The built-in tool; Cortex Agents name their search tool type the same, so a tool_use names it directly. */
    public static final String TOOL = CortexToolTypes.SEARCH;

    private final ToolProperties properties;
    private final ObjectMapper json;

    public CortexSearchKind(ToolProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean registrable() {
        return true;
    }

    @Override
    public Optional<String> argumentSchema() {
        return Optional.of("CortexSearchArguments");
    }

    @Override
    public List<Map<String, String>> validateDefinition(JsonNode definition, Set<String> declared) {
        return CortexSearchTool.validateDefinition(definition);
    }

    @Override
    public Map<String, String> definitionHints() {
        String hint = "Name the service as DATABASE.SCHEMA.SERVICE and map its title, snippet and sourceUrl columns";
        return Map.of("/service", hint, "/columns", hint);
    }

    @Override
    public ToolRoute route() {
        return ToolRoute.calling("cortex", "direct:tool-kind-cortex_search-dispatch").metered();
    }

    @Override
    public Optional<String> toolForCortexType(String cortexType) {
        return cortexType.contains("search") ? Optional.of(TOOL) : Optional.empty();
    }

    @Override
    public Optional<BuiltInTool> builtIn() {
        ToolProperties.Search search = properties.search();
        ObjectNode definition = json.createObjectNode().put("kind", NAME);
        if (present(search.service())) {
            definition.put("service", search.service());
        }
        ObjectNode columns = definition.putObject("columns")
                .put("title", search.columns().title())
                .put("snippet", search.columns().snippet())
                .put("sourceUrl", search.columns().sourceUrl());
        if (present(search.columns().confidence())) {
            columns.put("confidence", search.columns().confidence());
        }
        return Optional.of(new BuiltInTool(TOOL,
                "Searches the configured Cortex Search service and returns the best passages with their sources",
                present(search.service()), definition));
    }
}
