package dev.cortexgateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The Java bridges (the chat's SSE controller, the OpenAI door) when their route does not serve:
 * a stopped route (as while Camel starts or stops) is 503 with Retry-After, in the envelope or in
 * OpenAI's shape, and the answer never repeats the request, which the unanswered message still holds.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class UnansweredBridgeHttpTest {

    private static final String MARKER = "request-text-that-must-not-come-back";

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aStoppedChatRouteIs503InTheEnvelopeWithoutTheRequest() throws Exception {
        String token = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret").token();
        camel.getRouteController().stopRoute("chat-stream");
        try {
            HttpResponse<String> answer = post("/api/v1/chat", token, "{\"sessionId\":\"6a1f0d8e-3b5c-4f7a-9d2e-1c0b8a7f6e5d\","
                    + "\"messages\":[{\"id\":\"0b9d7c52-6f1e-4d2a-8c3b-5e4f3a2b1c0d\",\"role\":\"user\",\"content\":\"" + MARKER
                    + "\",\"timestamp\":\"2026-11-25T10:00:00Z\"}]}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(GatewayClient.JSON.readTree(answer.body()).at("/error/code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(answer.body()).doesNotContain(MARKER);
        } finally {
            camel.getRouteController().startRoute("chat-stream");
        }
    }

    @Test
    void aStoppedOpenAiRouteIs503InOpenAisShapeWithoutTheRequest() throws Exception {
        String token = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret").token();
        camel.getRouteController().stopRoute("openai-chat-completions");
        try {
            HttpResponse<String> answer = post("/v1/chat/completions", token,
                    "{\"model\":\"claude-4-sonnet\",\"messages\":[{\"role\":\"user\",\"content\":\"" + MARKER + "\"}]}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(GatewayClient.JSON.readTree(answer.body()).at("/error/message").asText()).isNotBlank();
            assertThat(answer.body()).doesNotContain(MARKER);
        } finally {
            camel.getRouteController().startRoute("openai-chat-completions");
        }
    }
}
