package dev.cortexgateway.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a route file against the JSON schema of Camel's YAML DSL, the one shipped inside camel-yaml-dsl
 * ({@code schema/camelYamlDsl.json}), so it always matches the Camel version that loads the routes.
 * Used by the route tests (every file must pass) and by the reload guard of the local profile.
 */
public final class RouteYamlSchema {

    private static final String SCHEMA_RESOURCE = "schema/camelYamlDsl.json";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final JsonSchema schema;

    public RouteYamlSchema() {
        try (InputStream in = RouteYamlSchema.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is not on the classpath (camel-yaml-dsl)");
            }
            JsonNode document = new ObjectMapper().readTree(in);
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema violations of one route file's text, each as "path: message"; empty when it is valid. */
    public List<String> violations(String routeYaml) {
        JsonNode routes;
        try {
            routes = yaml.readTree(routeYaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of("$: not YAML: " + e.getOriginalMessage());
        }
        if (routes == null || routes.isMissingNode()) {
            return List.of("$: the file is empty");
        }
        return schema.validate(routes).stream()
                .map(m -> m.getMessage())
                .sorted(Comparator.naturalOrder())
                .toList();
    }
}
