package dev.cortexgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.contract.OpenApiDocument;
import dev.cortexgateway.testing.GatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Bodies that are not JSON, or JSON declared in another charset, sent to every operation of the
 * contract that takes a JSON body: each answers 400 or 415 with the envelope and its trace id,
 * never 500, and the secret in the body reaches no log line. Camel's HTTP binding used to parse any
 * form-encoded POST body into headers, fail on one that was not {@code name=value} pairs with a 500,
 * and log the body's text, a client secret included.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
@ExtendWith(OutputCaptureExtension.class)
class NonJsonBodiesHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "hunter2-edge-secret-5b1f";
    private static final String JSON_BODY = "{\"client_id\":\"demo-admin\",\"client_secret\":\"" + SECRET + "\",\"a\":1}";
    /** Content-Type (null: none) and the body sent with it. */
    private static final String[][] BODIES = {
        {"application/x-www-form-urlencoded", JSON_BODY},
        {"application/x-www-form-urlencoded; charset=UTF-8", JSON_BODY},
        {"application/x-www-form-urlencoded", "client_secret=" + SECRET + "&&x"},
        {"APPLICATION/X-WWW-FORM-URLENCODED", JSON_BODY},
        {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"client_secret\"\r\n\r\n" + SECRET + "\r\n--x--\r\n"},
        {"multipart/form-data", JSON_BODY},
        {"text/plain", JSON_BODY},
        {"application/xml", "<a>" + SECRET + "</a>"},
        {"application/json; charset=latin1", JSON_BODY},
        {"application/json;charset=UTF-16", JSON_BODY},
        {"application/json; charset=\"iso-8859-1\"", JSON_BODY},
        {null, JSON_BODY},
    };

    @LocalServerPort
    int port;

    @Autowired
    OpenApiDocument contract;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyJsonOperationRefusesOtherBodiesWith400Or415AndLogsNoSecret(CapturedOutput output) throws Exception {
        String admin = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret").token();
        List<String[]> operations = jsonOperations();
        assertThat(operations).hasSizeGreaterThanOrEqualTo(10);
        List<String> wrong = new ArrayList<>();
        for (String[] operation : operations) {
            for (String[] body : BODIES) {
                HttpResponse<String> answer = send(operation[0], operation[1], body[0], body[1], admin);
                String problem = operation[1].startsWith("/v1/") ? openAiErrorProblem(answer, 400, 415)
                        : envelopeProblem(answer, 400, 415);
                if (problem != null) {
                    wrong.add(operation[0] + " " + operation[1] + " [" + body[0] + "]: " + problem);
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(output.getAll()).doesNotContain(SECRET);
    }

    @Test
    void theTokenEndpointTakesFormsButAMalformedOneIs400AndIsNotLogged(CapturedOutput output) throws Exception {
        String[] malformed = {JSON_BODY, "client_secret=" + SECRET + "&&grant_type=client_credentials",
            "&client_secret=" + SECRET, "client_secret", "client_secret=%zz" + SECRET, "=" + SECRET};
        for (String body : malformed) {
            HttpResponse<String> answer = send("POST", "/api/v1/auth/token", "application/x-www-form-urlencoded", body, null);
            assertThat(envelopeProblem(answer, 400)).as(body).isNull();
            assertThat(JSON.readTree(answer.body()).at("/error/code").asText()).isEqualTo("INVALID_REQUEST");
            assertThat(answer.body()).doesNotContain(SECRET);
        }
        HttpResponse<String> good = send("POST", "/api/v1/auth/token", "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=demo-admin&client_secret=demo-admin-test-secret", null);
        assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
        assertThat(output.getAll()).doesNotContain(SECRET).doesNotContain("demo-admin-test-secret");
    }

    @Test
    void operationsWithoutABodyRefuseAFormBody() throws Exception {
        String admin = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret").token();
        HttpResponse<String> answer = send("POST", "/api/v1/jobs/00000000-0000-0000-0000-000000000000/cancel",
                "application/x-www-form-urlencoded", JSON_BODY, admin);
        assertThat(envelopeProblem(answer, 415)).isNull();
    }

    /** [method, path] of every operation whose contract body is JSON, parameters filled in. */
    private List<String[]> jsonOperations() {
        List<String[]> operations = new ArrayList<>();
        contract.tree().path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().path("requestBody").path("content").has("application/json")) {
                String concrete = path.getKey().replace("{toolName}", "cortex_search").replaceAll("\\{[^}]+}", "x");
                operations.add(new String[] {op.getKey().toUpperCase(), concrete});
            }
        }));
        return operations;
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("X-Client-Version", "1.4.2")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * What is wrong with an answer of the OpenAI-compatible door, or null when it is OpenAI's error shape
     * with one of the statuses (docs/decisions/0034-openai-compatible-api.md) and the trace id header.
     */
    private static String openAiErrorProblem(HttpResponse<String> answer, int... statuses) {
        boolean expected = false;
        for (int status : statuses) {
            expected |= answer.statusCode() == status;
        }
        if (!expected) {
            return "status " + answer.statusCode() + " " + answer.body();
        }
        try {
            JsonNode error = JSON.readTree(answer.body()).path("error");
            if (error.path("message").asText().isEmpty() || !"invalid_request_error".equals(error.path("type").asText())
                    || answer.headers().firstValue("X-Trace-Id").isEmpty()) {
                return "not OpenAI's error shape with a trace id header: " + answer.body();
            }
        } catch (Exception e) {
            return "not JSON: " + answer.body();
        }
        return answer.body().contains(SECRET) ? "echoes the secret" : null;
    }

    /** What is wrong with the answer, or null when it is the envelope with one of the statuses. */
    private static String envelopeProblem(HttpResponse<String> answer, int... statuses) {
        boolean expected = false;
        for (int status : statuses) {
            expected |= answer.statusCode() == status;
        }
        if (!expected) {
            return "status " + answer.statusCode() + " " + answer.body();
        }
        try {
            JsonNode envelope = JSON.readTree(answer.body());
            String traceId = envelope.at("/error/traceId").asText();
            if (!"error".equals(envelope.path("status").asText()) || traceId.isEmpty()
                    || !answer.headers().firstValue("X-Trace-Id").equals(java.util.Optional.of(traceId))) {
                return "not the envelope with its trace id: " + answer.body();
            }
        } catch (Exception e) {
            return "not JSON: " + answer.body();
        }
        if (answer.body().contains(SECRET)) {
            return "echoes the secret";
        }
        return null;
    }
}
