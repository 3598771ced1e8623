package dev.cortexgateway.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The operations of the OpenAPI document, as the fuzzer needs them: method, path, body schema. */
final class ContractOperations {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private final JsonNode document;

    ContractOperations(JsonNode document) {
        this.document = document;
    }

    static ContractOperations load() throws IOException {
        try (InputStream in = ContractOperations.class.getResourceAsStream("/openapi/cortex-gateway.yaml")) {
            return new ContractOperations(new ObjectMapper(new YAMLFactory()).readTree(in));
        }
    }

    JsonNode document() {
        return document;
    }

    List<Operation> all() {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    JsonNode content = op.getValue().path("requestBody").path("content");
                    JsonNode schema = content.path("application/json").path("schema");
                    operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(),
                            op.getValue().path("operationId").asText(path.getKey()),
                            schema.isMissingNode() ? null : schema, !content.isMissingNode()));
                }
            }
        }
        return operations;
    }

    /** Follows a local {@code $ref}; any other node is returned as it is. */
    JsonNode resolve(JsonNode schema) {
        JsonNode node = schema;
        for (int depth = 0; node != null && node.has("$ref") && depth < 20; depth++) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                return node;
            }
            node = document.at(ref.substring(1));
        }
        return node;
    }

    /**
     * @param bodySchema the JSON body's schema, null when the operation takes none
     * @param takesBody  true when the contract declares any request body
     */
    record Operation(String method, String path, String id, JsonNode bodySchema, boolean takesBody) {
    }
}
