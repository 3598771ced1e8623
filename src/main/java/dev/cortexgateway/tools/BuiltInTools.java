package dev.cortexgateway.tools;

import dev.cortexgateway.contract.RequestValidator;
import dev.cortexgateway.tools.kinds.BuiltInTool;
import dev.cortexgateway.tools.kinds.ToolKind;
import dev.cortexgateway.tools.kinds.ToolKinds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The tools every gateway has: one per kind that offers one (tools/kinds). Their definitions come
 * from configuration (which search service, which semantic model), their argument schemas from the
 * OpenAPI contract. A tool whose upstream resource is not configured, or that
 * {@code gateway.tools.disabled} names, is listed, but disabled.
 */
@Component
public final class BuiltInTools {

    private static final String VERSION = "1.0.0";

    private final Map<String, Tool> tools = new LinkedHashMap<>();

    public BuiltInTools(ToolKinds kinds, ToolProperties properties, RequestValidator validator) {
        List<String> disabled = properties.disabled();
        for (ToolKind kind : kinds.all()) {
            Optional<BuiltInTool> builtIn = kind.builtIn();
            if (builtIn.isEmpty()) {
                continue;
            }
            BuiltInTool tool = builtIn.get();
            String schema = kind.argumentSchema().orElseThrow(
                    () -> new IllegalStateException("the built-in tool " + tool.name() + " needs its kind's argument schema"));
            tools.put(tool.name(), new Tool(tool.name(), kind.name(), tool.description(), VERSION, true,
                    tool.configured() && !disabled.contains(tool.name()), tool.definition(), validator.schemaNode(schema),
                    properties.timeoutOf(tool.name()), Instant.EPOCH));
        }
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    public boolean isBuiltIn(String name) {
        return tools.containsKey(name);
    }

    public List<Tool> all() {
        return List.copyOf(tools.values());
    }
}
