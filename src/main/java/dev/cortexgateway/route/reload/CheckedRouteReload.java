package dev.cortexgateway.route.reload;

import dev.cortexgateway.route.RouteYamlSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's route file watcher, made safe for a broken edit: the previous routes keep serving.
 * <ul>
 * <li>A changed file is checked against the YAML DSL schema first; one that fails is refused with an
 * ERROR line naming the file and every violation, and Camel is not asked to load it.</li>
 * <li>A file that passes but cannot be built (say a bean that does not exist) makes Camel remove the
 * old route before it fails to create the new one (measured with Camel 4.17, which logs the failure
 * as a WARN and leaves the path answering 500): every route that ran before the reload and is gone
 * after it is put back from its previous definition.</li>
 * </ul>
 * {@link #getLastError()} holds the last refusal.
 */
public class CheckedRouteReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedRouteReload.class);

    // compiled at the first change, not at start-up: Camel's DSL schema compiles to about 250 MB of
    // live heap (4.7 million objects of the schema library), which a gateway nobody edits should not carry
    private final Supplier<RouteYamlSchema> schemaSource;
    private RouteYamlSchema schema;

    public CheckedRouteReload(String directory, Supplier<RouteYamlSchema> schema) {
        // recursive: the tool kinds' route files sit in routes/tools/, the shared configurations in
        // routes/shared/ (a file is matched by its name)
        super(directory, true);
        this.schemaSource = schema;
        // only the changed file's routes are replaced; the other files' routes keep running untouched
        setRemoveAllRoutes(false);
        // matched against the file name only, in the folder or any folder under it
        setPattern("*.yaml");
    }

    private synchronized RouteYamlSchema schema() {
        if (schema == null) {
            schema = schemaSource.get();
        }
        return schema;
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        for (Resource resource : resources) {
            String text = read(resource);
            if (text.isBlank()) {
                // an editor truncates before it writes: the next change event carries the content
                LOG.debug("Route file {} is empty, waiting for its content", resource.getLocation());
                return;
            }
            List<String> violations = schema().violations(text);
            if (!violations.isEmpty()) {
                refuse("Route file " + resource.getLocation() + " refused, the previous routes keep serving: "
                        + String.join("; ", violations));
                return;
            }
        }
        ModelCamelContext model = (ModelCamelContext) getCamelContext();
        List<RouteDefinition> before = model.getRouteDefinitions().stream()
                .filter(definition -> model.getRoute(definition.getRouteId()) != null)
                .toList();
        try {
            super.onRouteReload(resources, removeEverything);
        } finally {
            // also when the reload throws: Camel's caller logs that failure and carries on
            List<RouteDefinition> lost = before.stream()
                    .filter(definition -> model.getRoute(definition.getRouteId()) == null).toList();
            if (!lost.isEmpty()) {
                restore(model, lost, resources);
            }
        }
    }

    private void restore(ModelCamelContext model, List<RouteDefinition> lost, Collection<Resource> resources) {
        List<String> ids = lost.stream().map(RouteDefinition::getRouteId).toList();
        try {
            model.addRouteDefinitions(lost);
            refuse("Route file " + resources.stream().map(Resource::getLocation).toList()
                    + " could not be built (Camel's warning says why); the previous routes " + ids + " keep serving");
        } catch (Exception e) {
            refuse("Route file " + resources.stream().map(Resource::getLocation).toList()
                    + " could not be built, and the previous routes " + ids + " could not be restored: " + e.getMessage());
        }
    }

    private void refuse(String message) {
        LOG.error(message);
        setLastError(new IllegalArgumentException(message));
    }

    private static String read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
