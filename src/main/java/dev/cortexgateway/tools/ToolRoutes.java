package dev.cortexgateway.tools;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps one live Camel route per tool: the tool's kind names a route template in routes/tools.yaml,
 * and the route is created from it the first time the tool is called or registered, and again when
 * its definition changes. Creating routes on demand is what makes a tool registered on one instance
 * callable on every other at once, and after a restart, with nothing to reload.
 */
@Component
public final class ToolRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ToolRoutes.class);

    private final CamelContext camel;
    /** Route id -> the tool revision it was built from. */
    private final Map<String, Instant> built = new ConcurrentHashMap<>();

    public ToolRoutes(CamelContext camel) {
        this.camel = camel;
    }

    /** Makes sure the tool's pipeline route exists and matches its current definition. */
    public void ensure(Tool tool) {
        String template = ToolKinds.TEMPLATES.get(tool.kind());
        if (template == null) {
            return; // a plain route of routes/tools.yaml
        }
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
                TemplatedRouteBuilder.builder(camel, template)
                        .routeId(tool.routeId())
                        .parameter("toolName", tool.name())
                        .add();
                built.put(tool.routeId(), tool.revision());
                LOG.info("tool route {} built from template {}", tool.routeId(), template);
            } catch (Exception e) {
                throw new IllegalStateException("could not build the route of tool " + tool.name(), e);
            }
        }
    }
}
