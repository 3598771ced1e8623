package dev.cortexgateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client for the gateway under test: real HTTP, one token. */
public final class GatewayClient {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    private GatewayClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Logs in with client credentials. */
    public static GatewayClient login(int port, String clientId, String secret) throws Exception {
        GatewayClient anonymous = new GatewayClient("http://127.0.0.1:" + port, null);
        Answer answer = anonymous.post("/api/v1/auth/token", JSON.createObjectNode()
                .put("grant_type", "client_credentials").put("client_id", clientId).put("client_secret", secret));
        if (answer.status() != 200) {
            throw new IllegalStateException("login failed: " + answer);
        }
        return new GatewayClient(anonymous.base, answer.json().path("access_token").asText());
    }

    /** A client that sends {@code token} (e.g. a public client's session token). */
    public static GatewayClient withToken(int port, String token) {
        return new GatewayClient("http://127.0.0.1:" + port, token);
    }

    /** The bearer token this client sends. */
    public String token() {
        return token;
    }

    public Answer post(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body))));
    }

    /** DELETE with a JSON body (cache invalidation takes one). */
    public Answer delete(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body))));
    }

    /** DELETE without a body. */
    public Answer delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private Answer send(HttpRequest.Builder request) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), json, response.body());
    }

    public record Answer(int status, JsonNode json, String body) {
    }
}
