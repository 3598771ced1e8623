package dev.cortexgateway.routestests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.BuildConsole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
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
 * After the run it fails unless every case file on disk ran, so a case cannot drop out unseen.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
// Spring Boot tests switch metrics export off by default; the cases check the Prometheus scrape
@AutoConfigureObservability
class RouteCasesTest {

    static final Path ALL_CASES = Path.of("routes-tests");
    /**
     * {@code -Droutes.cases=tools} runs the cases of one route file's folder only (docs/routes.md);
     * the count check then covers that folder. Unset: every case.
     */
    static final Path CASES = selectedCases(System.getProperty("routes.cases", ""));

    private static final AtomicInteger EXECUTED = new AtomicInteger();
    private static LogCapture log;
    private static RouteCaseRunner runner;

    @LocalServerPort
    int port;

    @TestFactory
    Stream<DynamicNode> routeCases() throws Exception {
        log = LogCapture.start();
        String baseUrl = "http://127.0.0.1:" + port;
        runner = new RouteCaseRunner(baseUrl, log, Map.of(SmokeCommand.TOKEN_VAR, smokeToken(baseUrl)));
        Map<String, List<Path>> files = RouteCaseLoader.byFolder(CASES);
        int count = files.values().stream().mapToInt(List::size).sum();
        Stream<DynamicNode> folders = files.entrySet().stream()
                .map(folder -> DynamicContainer.dynamicContainer(folder.getKey(), folder.getValue().stream().map(this::test)));
        // the count in the name shows in every report of the run
        return Stream.of(DynamicContainer.dynamicContainer(count + " route cases from " + CASES, folders));
    }

    /**
     * The {@code ${smokeToken}} of the smoke cases: here a client_credentials token of a tools-only
     * client of the test profile, as a deployment's smoke client has (SmokeCommand.SCOPE).
     */
    private static String smokeToken(String baseUrl) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\",\"client_id\":\"test-tools-service\","
                        + "\"client_secret\":\"tools-service-test-secret\",\"scope\":\"" + SmokeCommand.SCOPE + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("the smoke cases' token: " + answer.body()).isEqualTo(200);
        return new ObjectMapper().readTree(answer.body()).path("access_token").asText();
    }

    /** One case; a file the loader rejects is a failing test of its own, so the other cases still run. */
    private DynamicTest test(Path file) {
        try {
            RouteCase routeCase = RouteCaseLoader.read(file);
            return DynamicTest.dynamicTest(routeCase.name(), file.toUri(), () -> {
                EXECUTED.incrementAndGet();
                runner.run(routeCase);
            });
        } catch (Exception invalid) {
            return DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(), () -> {
                EXECUTED.incrementAndGet();
                throw invalid;
            });
        }
    }

    private static Path selectedCases(String folder) {
        if (folder.isBlank()) {
            return ALL_CASES;
        }
        Path selected = ALL_CASES.resolve(folder).normalize();
        if (!selected.startsWith(ALL_CASES) || !java.nio.file.Files.isDirectory(selected)) {
            throw new IllegalArgumentException("routes.cases=" + folder + ": no such folder under " + ALL_CASES);
        }
        return selected;
    }

    @AfterAll
    static void everyCaseRanAndNoCredentialWasLogged() {
        int onDisk = RouteCaseLoader.caseFiles(CASES).size();
        String summary = "route cases: " + EXECUTED.get() + " ran of " + onDisk + " *.yaml files under " + CASES;
        BuildConsole.info(summary);
        assertThat(EXECUTED.get()).as(summary + " (a case file that did not run is a check that silently went away)")
                .isEqualTo(onDisk);
        // a line logged after its case's answer was read is checked here, against every case's credentials
        RouteCaseRunner.assertLogFree("the whole route-case run", log.all(), runner.allSecrets(), Set.of());
    }
}
