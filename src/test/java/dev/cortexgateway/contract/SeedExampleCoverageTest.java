package dev.cortexgateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cortexgateway.testing.SeedExamples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every answer example of the seed documents is in the contract, and a test makes the same call and
 * compares the gateway's answer with it ({@link SeedExamples}). The list below is the seeds' response
 * examples: the FACT API specification's sixteen HTTP answers and the job service's three (its
 * contracts describe their shapes in prose; the contract writes them out). The specification's query
 * error example is answered with the one error envelope (docs/decisions/0024-seed-contract-shapes.md) and its two WebSocket
 * messages are compared by {@code FactWebSocketShapesTest} from test resources, so neither is here.
 */
class SeedExampleCoverageTest {

    private static final Set<String> SEED_ANSWERS = Set.of(
            "query 200 fact-003", "getQueryStatus 200 fact-003", "getHealth 200 fact-003", "getMetrics 200 fact-003",
            "getCacheStatus 200 fact-003", "warmCache 202 fact-003", "invalidateCache 200 fact-003",
            "listTools 200 fact-003", "describeTool 200 fact-003", "registerTool 201 fact-003",
            "executeTool 200 fact-003", "getToolExecution 200 fact-003",
            "createAccessToken 200 fact-003", "validateToken 200 fact-003",
            "authorizeTool 200 fact-003", "completeToolAuthorization 200 fact-003",
            "cancelJob 200 jobs-004", "cancelJob 404 jobs-004", "validatePipeline 200 jobs-004");

    private static final Path CONTRACT = Path.of("src/main/resources/openapi/cortex-gateway.yaml");
    private static final Path TESTS = Path.of("src/test/java");

    @Test
    void theContractCarriesEverySeedAnswerExample() throws IOException {
        assertThat(contractSeedAnswers()).containsExactlyInAnyOrderElementsOf(SEED_ANSWERS);
    }

    @Test
    void everySeedAnswerExampleIsComparedWithARealAnswerByATest() throws IOException {
        List<String> comparingTests = testSources()
                .filter(source -> source.contains("SeedExamples.assertHoldsSeedKeys") || source.contains("SeedExamples.example("))
                .toList();
        Set<String> uncovered = new TreeSet<>();
        for (String example : SEED_ANSWERS) {
            String[] parts = example.split(" ");
            String call = "\"" + parts[0] + "\", \"" + parts[1] + "\"";
            if (comparingTests.stream().noneMatch(source -> source.contains(call))) {
                uncovered.add(example);
            }
        }
        assertThat(uncovered).as("seed examples no test compares (SeedExamples.assertHoldsSeedKeys or SeedExamples.example with \"<operationId>\", \"<status>\")")
                .isEmpty();
    }

    private static Set<String> contractSeedAnswers() throws IOException {
        JsonNode contract = new ObjectMapper(new YAMLFactory()).readTree(CONTRACT.toFile());
        Set<String> found = new TreeSet<>();
        for (JsonNode path : contract.path("paths")) {
            for (JsonNode operation : path) {
                operation.path("responses").fields().forEachRemaining(response ->
                        response.getValue().path("content").forEach(media ->
                                media.path("examples").fieldNames().forEachRemaining(name -> {
                                    if (name.equals(SeedExamples.FACT) || name.equals(SeedExamples.JOBS)) {
                                        found.add(operation.path("operationId").asText() + " " + response.getKey() + " " + name);
                                    }
                                })));
            }
        }
        return found;
    }

    private static Stream<String> testSources() throws IOException {
        try (Stream<Path> files = Files.walk(TESTS)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList().stream().map(file -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
