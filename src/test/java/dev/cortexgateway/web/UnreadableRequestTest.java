package dev.cortexgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Requests the container or the body decoding cannot read (found by the contract fuzz test): they
 * get the envelope and a trace id like every other error, not Tomcat's HTML page or a 500.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class UnreadableRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void headersTooLargeAreAnsweredWithTheEnvelope() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/api/v1/tools"))
                .header("Authorization", "Bearer " + "x".repeat(20_000)).build(), HttpResponse.BodyHandlers.ofString());
        assertEnvelope(answer, 400, "INVALID_REQUEST");
    }

    @Test
    void anEncodedNulInThePathIsAnsweredWithTheEnvelope() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/api/v1/tools/%00")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEnvelope(answer, 400, "INVALID_REQUEST");
    }

    @Test
    void aBodyThatIsNotUtf8IsA400NotA500() throws Exception {
        byte[] body = {'{', '"', 'q', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
        for (String path : new String[] {"/api/v1/tools/cortex_search", "/api/v1/session/token", "/api/v1/fixtures/chat-request"}) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEnvelope(answer, 400, "INVALID_REQUEST");
            assertThat(JSON.readTree(answer.body()).path("error").path("message").asText()).contains("UTF-8");
        }
    }

    @Test
    void validUtf8BodiesStillReachTheirRoute() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/api/v1/fixtures/chat-request"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sessionId\":\"not-a-uuid ☃\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEnvelope(answer, 400, "INVALID_REQUEST");
        assertThat(answer.body()).contains("/sessionId");
    }

    @Test
    void connectIsThe405EnvelopeNotA501() throws Exception {
        // java.net.http refuses to send CONNECT: a raw request line
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 405").containsIgnoringCase("X-Trace-Id: ")
                    .contains("\"code\":\"METHOD_NOT_ALLOWED\"");
        }
    }

    private static void assertEnvelope(HttpResponse<String> answer, int status, String code) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode envelope = JSON.readTree(answer.body());
        assertThat(envelope.path("status").asText()).isEqualTo("error");
        assertThat(envelope.path("error").path("code").asText()).isEqualTo(code);
        String traceId = envelope.path("error").path("traceId").asText();
        assertThat(answer.headers().firstValue("X-Trace-Id")).hasValue(traceId);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
