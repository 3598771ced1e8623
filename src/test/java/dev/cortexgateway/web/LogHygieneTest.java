package dev.cortexgateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Credentials, bodies and exception texts never reach a log line: an access line is written for
 * each request, and a failing route logs the failure's type only.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJlLXZhbHVl";

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void accessLinesCarryNoCredentialsBodiesOrExceptionTexts(CapturedOutput output) throws Exception {
        HttpResponse<String> failure = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/fixtures/failure?token=" + TOKEN))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> invalid = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/fixtures/chat-request"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sessionId\":\"secret-body-value\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(failure.statusCode()).isEqualTo(500);
        assertThat(invalid.statusCode()).isEqualTo(400);
        String traceId = failure.headers().firstValue("X-Trace-Id").orElseThrow();
        // the access line is written when the async request completes
        await("the access line").atMost(Duration.ofSeconds(10))
                .until(() -> output.getOut().contains("\"route\":\"fixture-validated-echo\""));
        String logs = output.getAll();
        assertThat(logs).contains("\"traceId\":\"" + traceId + "\"")
                .contains("\"route\":\"fixture-unexpected-failure\"")
                .contains("\"route\":\"fixture-validated-echo\"")
                .contains("IllegalStateException");
        assertThat(logs).doesNotContain(TOKEN).doesNotContain("hunter2").doesNotContain("secret-body-value")
                .doesNotContain("db.internal").doesNotContain("\tat ");
    }
}
