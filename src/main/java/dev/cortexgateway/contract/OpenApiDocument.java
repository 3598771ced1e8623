package dev.cortexgateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * The OpenAPI contract, loaded once from the classpath and served as YAML (as written) and JSON
 * (converted) by routes/docs.yaml, with the Swagger UI page that reads it.
 */
@Component("openApiDocument")
public final class OpenApiDocument {

    public static final String RESOURCE = "openapi/cortex-gateway.yaml";
    public static final String CLASSPATH_LOCATION = "classpath:" + RESOURCE;

    private final String yaml;
    private final String json;
    private final JsonNode tree;
    private final String swaggerPage;

    public OpenApiDocument(ObjectMapper jsonMapper) {
        try {
            this.yaml = read(RESOURCE);
            this.tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            this.json = jsonMapper.writeValueAsString(tree);
            this.swaggerPage = read("docs/swagger-ui.html");
        } catch (IOException e) {
            throw new UncheckedIOException("The OpenAPI contract " + RESOURCE + " cannot be read", e);
        }
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The Swagger UI page; its scripts come from the swagger-ui webjar, version-agnostic paths. */
    public String swaggerPage() {
        return swaggerPage;
    }

    public String yaml() {
        return yaml;
    }

    public String json() {
        return json;
    }

    public JsonNode tree() {
        return tree;
    }
}
