package dev.cortexgateway.tools;

import dev.cortexgateway.tools.kinds.ToolKinds;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps one live Camel route per tool, built from the one tool route template ({@value #TEMPLATE},
 * routes/tools/tool-pipeline.yaml) with its kind's parameters (tools/kinds ToolKind#route), the
 * first time the tool is called or registered, and again when its definition changes. Creating
 * routes on demand is what makes a tool registered on one instance callable on every other at
 * once, and after a restart, with nothing to reload.
 */
@Component
public final class ToolRoutes {

    static final String TEMPLATE = "tool-pipeline";
    private static final Logger LOG = LoggerFactory.getLogger(ToolRoutes.class);

    private final CamelContext camel;
    private final ToolKinds kinds;
    /** Route id -> the tool revision it was built from. */
    private final Map<String, Instant> built = new ConcurrentHashMap<>();

    public ToolRoutes(CamelContext camel, ToolKinds kinds) {
        this.camel = camel;
        this.kinds = kinds;
    }

    /** Makes sure the tool's pipeline route exists and matches its current definition. */
    public void ensure(Tool tool) {
        if (tool.revision().equals(built.get(tool.routeId())) && camel.getRoute(tool.routeId()) != null) {
            return;
        }
        synchronized (this) {
            if (tool.revision().equals(built.get(tool.routeId())) && camel.getRoute(tool.routeId()) != null) {
                return;
            }
            try {
                if (camel.getRoute(tool.routeId()) != null) {
                    camel.getRouteController().stopRoute(tool.routeId());
                    camel.removeRoute(tool.routeId());
                }
                TemplatedRouteBuilder route = TemplatedRouteBuilder.builder(camel, TEMPLATE)
                        .routeId(tool.routeId())
                        .parameter("toolName", tool.name());
                kinds.of(tool.kind()).route().templateParameters().forEach(route::parameter);
                route.add();
                built.put(tool.routeId(), tool.revision());
                LOG.info("tool route {} built from template {} (kind {})", tool.routeId(), TEMPLATE, tool.kind());
            } catch (Exception e) {
                throw new IllegalStateException("could not build the route of tool " + tool.name(), e);
            }
        }
    }
}
