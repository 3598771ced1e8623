package dev.cortexgateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The WebSocket's origins follow the client registry (gateway.ws.allowed-origins left empty): a
 * handshake from an origin no client lists is the 403 envelope, and a token is accepted only from
 * an origin its own client lists.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class WsOriginHttpTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aHandshakeFromAnOriginNoClientListsIsTheEnvelope() {
        assertThatThrownBy(() -> WsTestClient.connectFrom(port, "https://elsewhere.example"))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, refused -> {
                    HttpResponse<?> response = refused.getResponse();
                    assertThat(response.statusCode()).isEqualTo(403);
                    Object body = response.body();
                    assertThat(body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(body))
                            .contains("\"CORS_REJECTED\"");
                    assertThat(response.headers().firstValue("X-Trace-Id")).isPresent();
                });
    }

    @Test
    void aTokenCountsOnlyFromAnOriginItsClientLists() throws Exception {
        String demoWeb = sessionToken("demo-web");

        try (WsTestClient own = WsTestClient.connectFrom(port, "http://localhost:5173")) {
            assertThat(own.auth(demoWeb).path("client_id").asText()).isEqualTo("demo-web");
        }
        try (WsTestClient other = WsTestClient.connectFrom(port, "http://localhost:5174")) {
            other.send(Map.of("type", "auth", "token", demoWeb));
            assertThat(other.awaitClose()).isEqualTo(new WsTestClient.Closed(1008, "origin not allowed for this client"));
        }
        try (WsTestClient server = WsTestClient.connect(port)) {
            assertThat(server.auth(demoWeb).path("client_id").asText()).isEqualTo("demo-web");
        }
    }

    private String sessionToken(String clientId) throws Exception {
        String body = "{\"clientId\":\"" + clientId + "\",\"nonce\":\"" + UUID.randomUUID() + "\"}";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/session/token"))
                .header("Content-Type", "application/json").header("X-Client-Version", "1.2.0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode token = WsTestClient.JSON.readTree(answer.body()).path("token");
        return token.asText();
    }
}
