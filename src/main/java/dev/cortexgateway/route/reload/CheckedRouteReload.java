package dev.cortexgateway.route.reload;

import dev.cortexgateway.route.RouteYamlSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's route file watcher, with the route file checked against the YAML DSL schema first. Camel
 * itself parses a changed file before it touches the running routes, but a file that parses and still
 * is not a valid route (an unknown step, a misspelt option) can get as far as removing the old route;
 * refusing it here keeps the previous route serving. The refusal is logged at ERROR with the file and
 * every violation, and {@link #getLastError()} holds it.
 */
public class CheckedRouteReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedRouteReload.class);

    private final RouteYamlSchema schema;

    public CheckedRouteReload(String directory, RouteYamlSchema schema) {
        super(directory, false);
        this.schema = schema;
        // only the changed file's routes are replaced; the other files' routes keep running untouched
        setRemoveAllRoutes(false);
        setPattern("*.yaml");
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        for (Resource resource : resources) {
            List<String> violations = violations(resource);
            if (!violations.isEmpty()) {
                String message = "Route file " + resource.getLocation() + " refused, the previous routes keep serving: "
                        + String.join("; ", violations);
                LOG.error(message);
                setLastError(new IllegalArgumentException(message));
                return;
            }
        }
        super.onRouteReload(resources, removeEverything);
    }

    private List<String> violations(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return schema.violations(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return List.of("$: cannot read the file: " + e.getMessage());
        }
    }
}
