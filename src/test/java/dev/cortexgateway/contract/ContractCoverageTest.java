package dev.cortexgateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cortexgateway.GatewayApplication;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * The OpenAPI document and the running gateway must describe the same endpoints: an endpoint the
 * document lacks, or an operation nothing serves, fails the build. The endpoints are read from the
 * live request mappings: Camel's platform-http routes, the SSE bridge's handlers and the WebSocket
 * handshake alike.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class ContractCoverageTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DOCUMENT = Path.of("src/main/resources/", OpenApiDocument.RESOURCE);
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Autowired
    ApplicationContext context;

    @Test
    void everyEndpointIsInTheContractAndEveryOperationIsServed() throws IOException {
        Set<String> served = servedOperations();
        Set<String> documented = documentedOperations();

        assertThat(served).as("endpoints served").contains("GET /api/v1/health", "POST /api/v1/chat", "GET /api/v1/ws");
        assertThat(difference(served, documented)).as("endpoints missing from the OpenAPI document").isEmpty();
        assertThat(difference(documented, served)).as("OpenAPI operations nothing serves").isEmpty();
    }

    @Test
    void everyOperationHasAnIdAndAnErrorResponse() throws IOException {
        JsonNode paths = YAML.readTree(DOCUMENT.toFile()).path("paths");
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

    /** "METHOD /path" for every handler mapping, minus the error page and the test-only fixtures. */
    private Set<String> servedOperations() {
        Set<String> operations = new TreeSet<>();
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            for (Map.Entry<RequestMappingInfo, ?> handler : mapping.getHandlerMethods().entrySet()) {
                RequestMappingInfo info = handler.getKey();
                for (String path : info.getPatternValues()) {
                    // the Cortex simulator (/api/v2) has its own context and port: never a handler here
                    assertThat(path).as("a handler on the gateway's port").doesNotStartWith("/api/v2");
                    if (path.equals("/error") || path.startsWith("/api/v1/fixtures/")) {
                        continue;
                    }
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    assertThat(methods).as(path + " must restrict its HTTP methods").isNotEmpty();
                    methods.forEach(method -> operations.add(method.name() + " " + path));
                }
            }
        }
        // the WebSocket endpoint is a handshake (an HTTP GET answered 101), served by Spring's WebSocket support
        for (SimpleUrlHandlerMapping mapping : context.getBeansOfType(SimpleUrlHandlerMapping.class).values()) {
            mapping.getHandlerMap().forEach((path, handler) -> {
                if (handler instanceof WebSocketHttpRequestHandler) {
                    operations.add("GET " + path);
                }
            });
        }
        return operations;
    }

    private static Set<String> documentedOperations() throws IOException {
        Set<String> operations = new TreeSet<>();
        JsonNode paths = YAML.readTree(DOCUMENT.toFile()).path("paths");
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
