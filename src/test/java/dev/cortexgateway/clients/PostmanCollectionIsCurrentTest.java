package dev.cortexgateway.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cortexgateway.contract.RequestValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The committed Postman collection is what the contract generates today: a contract change without a
 * regenerated collection fails the build, naming the command that regenerates it. Its request bodies
 * (the contract's examples) pass the schemas the gateway enforces, and every variable it uses is defined.
 */
class PostmanCollectionIsCurrentTest {

    static final Path CONTRACT = Path.of("src/main/resources/openapi/cortex-gateway.yaml");
    static final Path COLLECTION = Path.of("docs/clients/cortex-gateway.postman_collection.json");
    /** Set to true to (re)write the committed file instead of only comparing. */
    static final String WRITE = "postman.collection.write";
    static final String COMMAND = "mvn -q test -Dtest=PostmanCollectionIsCurrentTest -D" + WRITE + "=true";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {{name}} in a collection; names starting with $ are Postman's own (e.g. {{$guid}}). */
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{([^{}]+)}}");

    @Test
    void theCommittedCollectionIsWhatTheContractGenerates() throws IOException {
        String generated = PostmanCollection.from(YAML.readTree(CONTRACT.toFile()));
        if (Boolean.getBoolean(WRITE)) {
            Files.createDirectories(COLLECTION.getParent());
            Files.writeString(COLLECTION, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(COLLECTION) ? Files.readString(COLLECTION, StandardCharsets.UTF_8) : "";

        // a boolean, so that the failure is the message and not two 40 KB documents
        assertThat(committed.equals(generated))
                .as("%s is not what the contract generates (%s); regenerate it with%n  %s%nand commit it",
                        COLLECTION, firstDifference(committed, generated), COMMAND)
                .isTrue();
    }

    @Test
    void everyRequestExampleInTheContractPassesItsSchema() throws IOException {
        RequestValidator validator = new RequestValidator(JSON);
        List<String> invalid = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, JsonNode> example : requestExamples(YAML.readTree(CONTRACT.toFile())).entrySet()) {
            String[] operationAndSchema = example.getKey().split(" ");
            assertThat(operationAndSchema).as(example.getKey() + ": its body schema is not a $ref to components/schemas, "
                    + "which the gateway's validator (and this check) needs").hasSize(2);
            List<Map<String, String>> violations = validator.violations(operationAndSchema[1], example.getValue());
            if (!violations.isEmpty()) {
                invalid.add(example.getKey() + ": " + violations);
            }
            checked++;
        }
        assertThat(checked).as("request examples in the contract").isGreaterThanOrEqualTo(11);
        assertThat(invalid).as("request examples the gateway would refuse").isEmpty();
    }

    @Test
    void everyVariableTheCollectionUsesIsDefined() throws IOException {
        JsonNode collection = JSON.readTree(PostmanCollection.from(YAML.readTree(CONTRACT.toFile())));
        Set<String> defined = new TreeSet<>();
        collection.path("variable").forEach(v -> defined.add(v.path("key").asText()));
        Set<String> used = new TreeSet<>();
        Matcher matcher = VARIABLE.matcher(collection.path("item").toString() + collection.path("auth"));
        while (matcher.find()) {
            if (!matcher.group(1).startsWith("$")) {
                used.add(matcher.group(1));
            }
        }

        assertThat(used).contains("baseUrl", "accessToken", "clientId", "clientSecret", "jobId", "toolName");
        assertThat(defined).as("collection variables").containsAll(used);
    }

    /** "operationId SchemaName#exampleName" -> the example's value, for every JSON request body example. */
    private static Map<String, JsonNode> requestExamples(JsonNode contract) {
        Map<String, JsonNode> examples = new TreeMap<>();
        contract.path("paths").forEach(pathItem -> pathItem.forEach(operation -> {
            JsonNode media = operation.path("requestBody").path("content").path("application/json");
            String schema = media.path("schema").path("$ref").asText().replace("#/components/schemas/", "");
            media.path("examples").fields().forEachRemaining(example -> examples.put(
                    operation.path("operationId").asText() + "#" + example.getKey() + " " + schema,
                    example.getValue().path("value")));
        }));
        return examples;
    }

    private static String firstDifference(String committed, String generated) {
        String[] a = committed.split("\n", -1);
        String[] b = generated.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String left = i < a.length ? a[i] : "<end of file>";
            String right = i < b.length ? b[i] : "<end of file>";
            if (!left.equals(right)) {
                return "first difference at line " + (i + 1) + ": committed `" + left.strip() + "`, generated `" + right.strip() + "`";
            }
        }
        return "no difference";
    }
}
