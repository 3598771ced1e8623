package dev.cortexgateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every route file, main and test, validates against the JSON schema of Camel's YAML DSL. */
class RouteYamlSchemaTest {

    private static final List<Path> ROUTE_FOLDERS =
            List.of(Path.of("src/main/resources/routes"), Path.of("src/test/resources/test-routes"));

    private final RouteYamlSchema schema = new RouteYamlSchema();

    @TestFactory
    Stream<DynamicTest> everyRouteFileMatchesTheCamelYamlDslSchema() throws IOException {
        List<Path> files = routeFiles();
        assertThat(files).as("route files under " + ROUTE_FOLDERS).hasSizeGreaterThan(10);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            List<String> violations = schema.violations(Files.readString(file));
            assertThat(violations).as(file + " does not match Camel's YAML DSL schema:\n  "
                    + String.join("\n  ", violations)).isEmpty();
        }));
    }

    @Test
    void aQuotedBooleanInARedeliveryPolicyIsReportedWithItsPath() {
        String route = """
                - routeConfiguration:
                    onException:
                      - onException:
                          exception: [java.lang.Exception]
                          redeliveryPolicy:
                            useExponentialBackOff: "true"
                """;
        assertThat(schema.violations(route))
                .anySatisfy(v -> assertThat(v).contains("useExponentialBackOff").contains("boolean"));
    }

    @Test
    void anUnknownStepIsReported() {
        assertThat(schema.violations("- route:\n    from:\n      uri: direct:a\n      steps:\n        - sendTo: {uri: log:x}\n"))
                .isNotEmpty();
    }

    @Test
    void textThatIsNotYamlIsReported() {
        assertThat(schema.violations("- route: [unclosed")).singleElement().asString().startsWith("$: not YAML");
    }

    private static List<Path> routeFiles() throws IOException {
        List<Path> files = new java.util.ArrayList<>();
        for (Path folder : ROUTE_FOLDERS) {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        return files;
    }
}
