package dev.cortexgateway.routestests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.GatewayApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The smoke command against a real gateway over HTTP (the route cases' context, so no second start):
 * it runs the smoke cases and passes; a disabled route fails it naming the case and the answer's
 * trace id; the token and the client secret never appear in what it prints.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
@AutoConfigureObservability
class SmokeCommandTest {

    private static final String TOOLS_SECRET = "tools-service-test-secret";

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private Run smoke(Map<String, String> env, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = SmokeCommand.run(args, env, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private String token(String clientId, String secret, String scope) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\",\"client_id\":\"" + clientId
                        + "\",\"client_secret\":\"" + secret + "\",\"scope\":\"" + scope + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return new ObjectMapper().readTree(answer.body()).path("access_token").asText();
    }

    private void switchRoute(String adminToken, String pipeline, String action) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/pipelines/" + pipeline + "/" + action))
                        .header("Authorization", "Bearer " + adminToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void everySmokeCasePassesAgainstTheGatewayAndOnlySmokeCasesRun() throws Exception {
        String token = token("test-tools-service", TOOLS_SECRET, "tools");

        Run run = smoke(Map.of(SmokeCommand.TOKEN_ENV, token), "--base-url", baseUrl());

        assertThat(run.exit()).as(run.output()).isEqualTo(SmokeCommand.PASSED);
        assertThat(run.output())
                .contains("ok    tools/tools-list-smoke-token.yaml", "ok    health/health-liveness.yaml",
                        "ok    shared/errors-unknown-path-404.yaml", "ok    auth/auth-validate-smoke-token.yaml")
                // a case that writes, or needs the simulator, is not one
                .doesNotContain("tools/tools-sql-exec", "pipelines/pipelines-disable-enable", "chat/")
                .containsPattern("smoke: all [0-9]+ smoke cases passed")
                .doesNotContain(token);
    }

    @Test
    void aClientIdGetsItsOwnTokenAndNeitherItNorTheSecretIsPrinted() {
        Run run = smoke(Map.of(SmokeCommand.SECRET_ENV, TOOLS_SECRET), "--base-url", baseUrl(), "--client-id", "test-tools-service");

        assertThat(run.exit()).as(run.output()).isEqualTo(SmokeCommand.PASSED);
        assertThat(run.output()).contains("ok    token request (client_credentials for test-tools-service")
                .doesNotContain(TOOLS_SECRET).doesNotContain("eyJ");
    }

    @Test
    void aWrongClientSecretFailsAtTheTokenRequestWithItsTraceId() {
        String wrong = "not-the-tools-service-secret";
        Run run = smoke(Map.of(SmokeCommand.SECRET_ENV, wrong), "--base-url", baseUrl(), "--client-id", "test-tools-service");

        assertThat(run.exit()).as(run.output()).isEqualTo(SmokeCommand.FAILED);
        assertThat(run.output()).contains("FAIL  token request (client_credentials for test-tools-service")
                .containsPattern("X-Trace-Id: [0-9a-f]{32}").contains("answered 401").doesNotContain(wrong);
    }

    @Test
    void aDisabledRouteFailsTheRunNamingTheCaseAndTheAnswersTraceId() throws Exception {
        String token = token("test-tools-service", TOOLS_SECRET, "tools");
        String admin = token("demo-admin", "demo-admin-test-secret", "admin");
        switchRoute(admin, "tools-list", "disable");
        Run run;
        try {
            run = smoke(Map.of(SmokeCommand.TOKEN_ENV, token), "--base-url", baseUrl());
        } finally {
            switchRoute(admin, "tools-list", "enable");
        }

        assertThat(run.exit()).as(run.output()).isEqualTo(SmokeCommand.FAILED);
        assertThat(run.output())
                .contains("FAIL  tools/tools-list-smoke-token.yaml", "ROUTE_DISABLED")
                .containsPattern("X-Trace-Id: [0-9a-f]{32}")
                .contains("passed before tools/tools-list-smoke-token.yaml failed")
                .doesNotContain(token);
        // it stopped at the first failure
        assertThat(run.output().lines().filter(line -> line.startsWith("FAIL")).count()).isEqualTo(1);
    }

    @Test
    void anInvalidTokenFailsTheFirstCaseThatUsesItWithoutPrintingIt() {
        String forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzbW9rZSJ9.forged-signature-0123456789";
        Run run = smoke(Map.of(SmokeCommand.TOKEN_ENV, forged), "--base-url", baseUrl());

        assertThat(run.exit()).as(run.output()).isEqualTo(SmokeCommand.FAILED);
        assertThat(run.output()).contains("FAIL  auth/auth-validate-smoke-token.yaml", "answered 401")
                .doesNotContain(forged).doesNotContain("forged-signature");
    }

    @Test
    void aGatewayThatDoesNotAnswerFailsWithoutATraceId() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run run = smoke(Map.of(SmokeCommand.TOKEN_ENV, "some-token-value"), "--base-url", "http://127.0.0.1:" + closed);

        assertThat(run.exit()).as(run.output()).isEqualTo(SmokeCommand.FAILED);
        assertThat(run.output()).contains("FAIL  ", "X-Trace-Id: (none: no answer from the gateway)", "ConnectException");
    }

    @Test
    void itCannotRunWithoutAToken_OverPlainHttpToAnotherHost_OrWithoutSmokeCases() throws Exception {
        assertThat(smoke(Map.of(), "--base-url", baseUrl()).exit()).isEqualTo(SmokeCommand.UNUSABLE);
        Run remote = smoke(Map.of(SmokeCommand.TOKEN_ENV, "some-token-value"), "--base-url", "http://gateway.example.com");
        assertThat(remote.exit()).isEqualTo(SmokeCommand.UNUSABLE);
        assertThat(remote.output()).contains("must be https://");
        assertThat(SmokeCommand.refusedBaseUrl("https://gateway.example.com")).isNull();
        assertThat(SmokeCommand.refusedBaseUrl("http://localhost:8080")).isNull();

        Files.createDirectories(dir.resolve("health"));
        Files.writeString(dir.resolve("health/health-plain.yaml"), """
                request: {method: GET, path: /api/v1/health}
                expect: {status: 200, json: {status: ok}}
                """);
        Run none = smoke(Map.of(SmokeCommand.TOKEN_ENV, "some-token-value"), "--base-url", baseUrl(), "--cases", dir.toString());
        assertThat(none.exit()).isEqualTo(SmokeCommand.UNUSABLE);
        assertThat(none.output()).contains("no case is marked smoke: true");
    }
}
