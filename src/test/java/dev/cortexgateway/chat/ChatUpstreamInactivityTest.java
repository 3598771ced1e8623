package dev.cortexgateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * An upstream that goes silent mid-stream for longer than {@code gateway.cortex.inactivity-timeout}
 * (120 s in production, 1 s here) ends the stream with one {@code error} event UPSTREAM_TIMEOUT,
 * while heartbeats kept the client connection alive until then.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gateway.cortex.inactivity-timeout=1s", "gateway.sse.heartbeat-interval=200ms"})
@ActiveProfiles({"local", "test"})
class ChatUpstreamInactivityTest {

    @LocalServerPort
    int port;

    @Test
    void aSilentUpstreamEndsTheStreamWithUpstreamTimeout() throws Exception {
        HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\",\"client_id\":\"demo-admin\","
                        + "\"client_secret\":\"demo-admin-test-secret\"}")).build(), HttpResponse.BodyHandlers.ofString());
        String bearer = "Bearer " + SseTestClient.JSON.readTree(token.body()).path("access_token").asText();
        UUID session = UUID.randomUUID();

        SseTestClient.Connection stream = new SseTestClient(port).post("/api/v1/chat", Map.of("sessionId", session.toString(),
                "messages", List.of(Map.of("id", UUID.randomUUID().toString(), "role", "user",
                        "content", "[[sim:stall after=3 seconds=30]] What is the travel policy?",
                        "timestamp", "2026-11-25T10:00:00Z"))), Map.of("Authorization", bearer));
        List<SseTestClient.Event> events = stream.rest(Duration.ofSeconds(20));

        SseTestClient.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.data().path("code").asText()).isEqualTo("UPSTREAM_TIMEOUT");
        assertThat(stream.heartbeats()).isGreaterThanOrEqualTo(2);
    }
}
