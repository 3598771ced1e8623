package dev.cortexgateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The response examples the OpenAPI contract carries from the seed documents (media-type
 * {@code examples} named {@code fact-003} or {@code jobs-004}), and the key-path comparison that proves
 * an answer of the gateway holds every key of such an example at the same place.
 *
 * <p>A key path is the object keys from the root joined by {@code .}, with {@code []} for the
 * elements of an array (the paths of all elements together). Where an object is a map keyed by names
 * the gateway chooses (tool parameters, a row's columns, external services), the caller lists its
 * path and its keys count as {@code *}: the seed's {@code parameters.statement.type} and the
 * gateway's {@code parameters.sql.type} are both {@code parameters.*.type}.
 */
public final class SeedExamples {

    public static final String FACT = "fact-003";
    public static final String JOBS = "jobs-004";

    private static final Path CONTRACT = Path.of("src/main/resources/openapi/cortex-gateway.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonNode contract;

    private SeedExamples() {}

    /** The example {@code name} of the JSON answer {@code status} of the operation {@code operationId}. */
    public static JsonNode example(String operationId, String status, String name) {
        JsonNode operation = operation(operationId);
        JsonNode example = operation.path("responses").path(status).path("content")
                .path("application/json").path("examples").path(name).path("value");
        if (example.isMissingNode()) {
            throw new IllegalArgumentException("the contract has no example '" + name + "' for the "
                    + status + " answer of " + operationId);
        }
        return example;
    }

    /** Every key path of {@code node}; keys of the objects at {@code namedMaps} count as {@code *}. */
    public static Set<String> keyPaths(JsonNode node, Set<String> namedMaps) {
        Set<String> paths = new TreeSet<>();
        collect(node, "", namedMaps, paths);
        return paths;
    }

    /**
     * Fails naming every key path of the seed's example that the answer lacks.
     *
     * @param namedMaps paths (in key-path form) of objects keyed by names rather than fields
     */
    public static void assertHoldsSeedKeys(String operationId, String status, String exampleName,
            JsonNode answer, String... namedMaps) {
        Set<String> maps = Set.of(namedMaps);
        Set<String> wanted = keyPaths(example(operationId, status, exampleName), maps);
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(keyPaths(answer, maps));
        assertThat(missing)
                .as("key paths of the %s example of %s %s missing from the answer %s", exampleName, operationId, status, answer)
                .isEmpty();
    }

    private static void collect(JsonNode node, String prefix, Set<String> namedMaps, Set<String> paths) {
        if (node.isObject()) {
            boolean named = namedMaps.contains(prefix);
            node.fields().forEachRemaining(field -> {
                String key = named ? "*" : field.getKey();
                String path = prefix.isEmpty() ? key : prefix + "." + key;
                paths.add(path);
                collect(field.getValue(), path, namedMaps, paths);
            });
        } else if (node.isArray()) {
            String path = prefix + "[]";
            node.forEach(element -> collect(element, path, namedMaps, paths));
        }
    }

    private static synchronized JsonNode operation(String operationId) {
        if (contract == null) {
            try {
                contract = YAML.readTree(CONTRACT.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (JsonNode path : contract.path("paths")) {
            for (JsonNode operation : path) {
                if (operationId.equals(operation.path("operationId").asText())) {
                    return operation;
                }
            }
        }
        throw new IllegalArgumentException("no operation " + operationId + " in the contract");
    }
}
