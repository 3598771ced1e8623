package dev.cortexgateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and the route files must describe the same endpoints: a route the document
 * lacks, or an operation no route serves, fails the build.
 */
class ContractCoverageTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void everyRouteIsInTheContractAndEveryOperationHasARoute() throws IOException {
        Set<String> routes = routeOperations(Path.of("src/main/resources/routes"));
        Set<String> documented = documentedOperations(Path.of("src/main/resources/", OpenApiDocument.RESOURCE));

        assertThat(routes).as("HTTP routes in src/main/resources/routes").isNotEmpty();
        assertThat(difference(routes, documented)).as("routes missing from the OpenAPI document").isEmpty();
        assertThat(difference(documented, routes)).as("OpenAPI operations with no route").isEmpty();
    }

    @Test
    void everyOperationHasAnIdAndAnErrorResponse() throws IOException {
        JsonNode paths = YAML.readTree(Path.of("src/main/resources/", OpenApiDocument.RESOURCE).toFile()).path("paths");
        Set<String> incomplete = new TreeSet<>();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (HTTP_METHODS.contains(op.getKey())) {
                JsonNode operation = op.getValue();
                if (!operation.hasNonNull("operationId") || !operation.path("responses").has("default")) {
                    incomplete.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }));
        assertThat(incomplete).as("operations without operationId or default (envelope) response").isEmpty();
    }

    /** "METHOD /path" for every platform-http route in the route files. */
    static Set<String> routeOperations(Path routesDir) throws IOException {
        Set<String> operations = new TreeSet<>();
        try (Stream<Path> files = Files.list(routesDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode item : YAML.readTree(file.toFile())) {
                    JsonNode from = item.path("route").path("from");
                    String uri = from.path("uri").asText("");
                    if (!uri.startsWith("platform-http:")) {
                        continue;
                    }
                    String path = uri.substring("platform-http:".length()).replaceFirst("\\?.*", "");
                    String methods = from.path("parameters").path("httpMethodRestrict").asText("");
                    assertThat(methods).as(file + ": route " + item.path("route").path("id").asText()
                            + " must restrict its HTTP methods").isNotBlank();
                    for (String method : methods.split(",")) {
                        operations.add(method.trim().toUpperCase(Locale.ROOT) + " " + path);
                    }
                }
            }
        }
        return operations;
    }

    static Set<String> documentedOperations(Path document) throws IOException {
        Set<String> operations = new TreeSet<>();
        JsonNode paths = YAML.readTree(document.toFile()).path("paths");
        for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
            String path = names.next();
            paths.get(path).fieldNames().forEachRemaining(method -> {
                if (HTTP_METHODS.contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            });
        }
        return operations;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }
}
