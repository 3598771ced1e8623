package dev.cortexgateway.routestests;

import dev.cortexgateway.GatewayApplication;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Turns every file under {@code routes-tests/<route file>/} into a test: a real HTTP call to the
 * gateway on a random port, checked against the case's expectations. Adding a case needs no Java.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
// Spring Boot tests switch metrics export off by default; the cases check the Prometheus scrape
@AutoConfigureObservability
class RouteCasesTest {

    static final Path CASES = Path.of("routes-tests");

    @LocalServerPort
    int port;

    @TestFactory
    Stream<DynamicNode> routeCases() {
        RouteCaseRunner runner = new RouteCaseRunner("http://127.0.0.1:" + port);
        return RouteCaseLoader.load(CASES).entrySet().stream()
                .map(folder -> DynamicContainer.dynamicContainer(folder.getKey(), folder.getValue().stream()
                        .map(c -> DynamicTest.dynamicTest(c.name(), c.file().toUri(), () -> runner.run(c)))));
    }
}
