package dev.cortexgateway.tools.kinds.data_to_chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.chart.ChartProperties;
import dev.cortexgateway.tools.kinds.BuiltInTool;
import dev.cortexgateway.tools.kinds.ToolKind;
import dev.cortexgateway.tools.kinds.ToolRoute;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code data_to_chart}: the built-in tool that builds a Vega-Lite v5 spec with insights (chart/).
 * It calls nobody, so it has no retries, no limit on calls in flight and a breaker that never opens.
 * Not registrable. Route: routes/tools/data_to_chart.yaml.
 */
@Component
@Order(6)
public final class DataToChartKind implements ToolKind {

    public static final String NAME = "data_to_chart";
    public static final String TOOL = "data_to_chart";

    private final ChartProperties chart;
    private final ObjectMapper json;

    public DataToChartKind(ChartProperties chart, ObjectMapper json) {
        this.chart = chart;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> argumentSchema() {
        return Optional.of("DataToChartArguments");
    }

    @Override
    public OptionalLong maxResultBytes() {
        return OptionalLong.of(chart.maxSpecBytes());
    }

    @Override
    public String provider() {
        return "cortex-gateway";
    }

    @Override
    public ToolRoute route() {
        return ToolRoute.local("direct:tool-kind-data_to_chart-dispatch");
    }

    @Override
    public Optional<String> toolForCortexType(String cortexType) {
        return cortexType.contains("chart") ? Optional.of(TOOL) : Optional.empty();
    }

    @Override
    public Optional<BuiltInTool> builtIn() {
        return Optional.of(new BuiltInTool(TOOL,
                "Builds a Vega-Lite v5 bar, line or table chart with insights from a sql_exec result or rows of objects",
                true, json.createObjectNode().put("kind", NAME)));
    }
}
