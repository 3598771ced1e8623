package dev.cortexgateway.tools.kinds.cortex_analyst;

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
 * {@code cortex_analyst}: one non-streaming Cortex Analyst {@code message} ({@link CortexAnalystTool}),
 * registrable with a semantic model file or view, and the built-in {@code cortex_analyst_text_to_sql}
 * on the configured model ({@code gateway.tools.analyst}). Route: routes/tools/cortex_analyst.yaml.
 */
@Component
@Order(4)
public final class CortexAnalystKind implements ToolKind {

    public static final String NAME = "cortex_analyst";
    /** The built-in tool; Cortex Agents name their Analyst tool type the same, so a tool_use names it directly. */
    public static final String TOOL = CortexToolTypes.ANALYST;

    private final ToolProperties properties;
    private final ObjectMapper json;

    public CortexAnalystKind(ToolProperties properties, ObjectMapper json) {
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
        return Optional.of("CortexAnalystArguments");
    }

    @Override
    public List<Map<String, String>> validateDefinition(JsonNode definition, Set<String> declared) {
        return CortexAnalystTool.validateDefinition(definition);
    }

    @Override
    public Map<String, String> definitionHints() {
        String hint = "Give exactly one: a YAML file on a stage (@DB.SCHEMA.STAGE/model.yaml) or a semantic view DB.SCHEMA.VIEW";
        return Map.of("/semanticModelFile", hint, "/semanticView", hint);
    }

    @Override
    public ToolRoute route() {
        return ToolRoute.calling("cortex", "direct:tool-kind-cortex_analyst-dispatch").metered();
    }

    @Override
    public Optional<String> toolForCortexType(String cortexType) {
        boolean analyst = cortexType.contains("text_to_sql") || cortexType.equals("analyst")
                || cortexType.contains("cortex_analyst_text");
        return analyst ? Optional.of(TOOL) : Optional.empty();
    }

    @Override
    public Optional<BuiltInTool> builtIn() {
        ObjectNode definition = json.createObjectNode().put("kind", NAME);
        ToolProperties.Analyst analyst = properties.analyst();
        if (present(analyst.semanticModelFile())) {
            definition.put("semanticModelFile", analyst.semanticModelFile());
        } else if (present(analyst.semanticView())) {
            definition.put("semanticView", analyst.semanticView());
        }
        return Optional.of(new BuiltInTool(TOOL,
                "Turns a question into SQL with Cortex Analyst and the configured semantic model",
                definition.size() > 1, definition));
    }
}
