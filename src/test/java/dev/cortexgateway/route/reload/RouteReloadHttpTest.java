package dev.cortexgateway.route.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cortexgateway.GatewayApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Live route editing (local profile): a route file in the watched folder is edited while the gateway
 * runs; the new answer is served without a restart, and a broken edit (one the YAML DSL schema
 * refuses, one Camel cannot build) is reported with an ERROR log line while the previous route keeps
 * answering.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class RouteReloadHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path routes;

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger reloadLogger = (Logger) LoggerFactory.getLogger(CheckedRouteReload.class);

    @DynamicPropertySource
    static void watchedFolder(DynamicPropertyRegistry registry) throws IOException {
        Files.writeString(routes.resolve("reload-probe.yaml"), probeRoute("first answer"));
        // a subfolder, like the tool kinds' routes/tools/
        Files.createDirectories(routes.resolve("tools"));
        Files.writeString(routes.resolve("tools/nested-probe.yaml"), probeRoute("nested-probe", "nested first"));
        registry.add("gateway.routes.reload.enabled", () -> "true");
        registry.add("gateway.routes.reload.directory", routes::toString);
        registry.add("camel.main.routes-include-pattern",
                () -> "classpath:routes/*.yaml,classpath:routes/tools/*.yaml,classpath:routes/shared/*.yaml,classpath:test-routes/*.yaml,"
                        + "file:" + routes + "/*.yaml,file:" + routes + "/tools/*.yaml");
    }

    @BeforeEach
    void captureTheReloadLog() {
        log.start();
        reloadLogger.addAppender(log);
    }

    @AfterEach
    void stopCapturing() {
        reloadLogger.detachAppender(log);
    }

    @Test
    void aSavedEditIsServedAndABrokenOneIsRefusedWhileThePreviousRouteKeepsServing() throws Exception {
        assertThat(probe()).isEqualTo("200 first answer");

        Files.writeString(routes.resolve("reload-probe.yaml"), probeRoute("second answer"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(probe()).isEqualTo("200 second answer"));

        // parses as YAML, but "sendTo" is no step of Camel's YAML DSL
        Files.writeString(routes.resolve("reload-probe.yaml"),
                probeRoute("third answer").replace("- setBody:", "- sendTo:"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(logged())
                .anySatisfy(event -> {
                    assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                    assertThat(event.getFormattedMessage())
                            .contains("reload-probe.yaml refused, the previous routes keep serving")
                            .contains("sendTo");
                }));
        assertThat(probe()).isEqualTo("200 second answer");
        assertThat(camel.getRoute("reload-probe")).isNotNull();

        // a later good edit is taken again
        Files.writeString(routes.resolve("reload-probe.yaml"), probeRoute("fourth answer"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(probe()).isEqualTo("200 fourth answer"));

        // valid for the schema, but the bean does not exist: Camel removes the old route, then fails
        // to build the new one; the guard puts the old one back
        Files.writeString(routes.resolve("reload-probe.yaml"), probeRoute("fifth answer")
                .replace("- setBody:", "- bean:\n            ref: noSuchBean\n        - setBody:"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(logged())
                .anySatisfy(event -> {
                    assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                    assertThat(event.getFormattedMessage())
                            .contains("reload-probe.yaml").contains("could not be built")
                            .contains("[reload-probe] keep serving");
                }));
        assertThat(probe()).isEqualTo("200 fourth answer");
    }

    @Test
    void aFileInASubfolderIsReloadedToo() throws Exception {
        // Camel retries a file whose last reload failed with the next change: the other test may leave one
        Files.writeString(routes.resolve("reload-probe.yaml"), probeRoute("a good answer"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(probe()).isEqualTo("200 a good answer"));
        assertThat(probe("nested-probe")).isEqualTo("200 nested first");
        Files.writeString(routes.resolve("tools/nested-probe.yaml"), probeRoute("nested-probe", "nested second"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(probe("nested-probe")).isEqualTo("200 nested second"));
        assertThat(probe()).isEqualTo("200 a good answer");
    }

    private String probe() throws Exception {
        return probe("reload-probe");
    }

    private String probe(String id) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/fixtures/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() + " " + answer.body();
    }


    private static String probeRoute(String answer) {
        return probeRoute("reload-probe", answer);
    }

    private static String probeRoute(String id, String answer) {
        return """
                - route:
                    id: %1$s
                    routeConfigurationId: gateway-errors
                    from:
                      uri: platform-http:/api/v1/fixtures/%1$s
                      parameters:
                        httpMethodRestrict: GET
                      steps:
                        - setBody:
                            constant:
                              expression: "%2$s"
                """.formatted(id, answer);
    }

    /** The events logged so far, copied under the appender's lock (Camel's reload thread appends while we read). */
    private List<ILoggingEvent> logged() {
        synchronized (log) {
            return List.copyOf(log.list);
        }
    }
}
