package dev.cortexgateway.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Checks that a spec is Vega-Lite v5: against the real JSON Schema that the vega-lite webjar
 * (test scope) carries, and that every field an encoding names exists in the inline data or comes
 * out of a transform (which the schema cannot see).
 */
final class VegaLiteSpecs {

    private static final String WEBJAR = "META-INF/resources/webjars/vega-lite/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private VegaLiteSpecs() {
    }

    static void assertValid(JsonNode spec) {
        assertThat(spec.path("$schema").asText()).isEqualTo("https://vega.github.io/schema/vega-lite/v5.json");
        assertThat(spec.path("data").path("values").isArray()).as("data.values").isTrue();
        assertThat(spec.path("mark").path("type").asText()).as("mark").isIn("bar", "line", "text");
        assertThat(spec.path("encoding").isObject()).as("encoding").isTrue();
        Set<String> known = new HashSet<>();
        spec.path("data").path("values").forEach(datum -> datum.fieldNames().forEachRemaining(known::add));
        spec.path("transform").forEach(t -> {
            t.path("as").forEach(as -> known.add(as.asText()));
            t.path("window").forEach(w -> known.add(w.path("as").asText()));
        });
        spec.path("encoding").fields().forEachRemaining(channel -> {
            Iterable<JsonNode> defs = channel.getValue().isArray() ? channel.getValue() : Set.of(channel.getValue());
            defs.forEach(def -> assertThat(known).as("field of encoding.%s", channel.getKey())
                    .contains(unescaped(def.path("field").asText())));
        });
        spec.path("transform").forEach(t -> t.path("fold").forEach(f -> assertThat(known).contains(unescaped(f.asText()))));
        Set<ValidationMessage> errors = Schema.INSTANCE.validate(spec);
        assertThat(errors).as("Vega-Lite v5 schema violations of %s", spec).isEmpty();
    }

    /** Vega-Lite's field reference escaping undone: {@code a\.b} names the field "a.b". */
    static String unescaped(String ref) {
        return ref.replaceAll("\\\\(.)", "$1");
    }

    /** Loaded once: the schema is 1.8 MB. */
    private static final class Schema {
        static final JsonSchema INSTANCE = load();

        private static JsonSchema load() {
            ClassLoader loader = VegaLiteSpecs.class.getClassLoader();
            try (InputStream pom = loader.getResourceAsStream("META-INF/maven/org.webjars/vega-lite/pom.properties")) {
                if (pom == null) {
                    throw new IllegalStateException("org.webjars:vega-lite is not on the test classpath (see pom.xml)");
                }
                Properties properties = new Properties();
                properties.load(pom);
                try (InputStream schema = loader.getResourceAsStream(
                        WEBJAR + properties.getProperty("version") + "/vega-lite-schema.json")) {
                    // preloading follows every $ref of the schema's deep unions eagerly and runs out of heap
                    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(JSON.readTree(schema),
                            SchemaValidatorsConfig.builder().preloadJsonSchema(false).build());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
