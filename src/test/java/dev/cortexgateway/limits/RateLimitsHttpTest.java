package dev.cortexgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The limits over real HTTP, with small buckets for the groups under test (the rest keep the test
 * profile's generous ones). Each test uses its own group or clients, so their order does not matter.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                // tools: 3 a burst, one token back every 20 minutes: nothing refills during the test
                "gateway.rate-limits.groups.tools.capacity=3",
                "gateway.rate-limits.groups.tools.refill-tokens=3",
                "gateway.rate-limits.groups.tools.refill-period=1h",
                // history: 2 a burst, one token back every 2 s: the recovery test waits for it
                "gateway.rate-limits.groups.history.capacity=2",
                "gateway.rate-limits.groups.history.refill-tokens=2",
                "gateway.rate-limits.groups.history.refill-period=4s",
                "gateway.rate-limits.groups.session-token.capacity=2",
                "gateway.rate-limits.groups.session-token.refill-tokens=2",
                "gateway.rate-limits.groups.session-token.refill-period=1h",
                "gateway.rate-limits.groups.chat.capacity=3",
                "gateway.rate-limits.groups.chat.refill-tokens=3",
                "gateway.rate-limits.groups.chat.refill-period=1h"})
@ActiveProfiles({"local", "test"})
class RateLimitsHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void remainingDecreasesCallByCallThenTheLimitAnswers429WhileAnotherClientIsUntouched() throws Exception {
        String token = login("test-tools-service", "tools-service-test-secret");
        for (int remaining = 2; remaining >= 0; remaining--) {
            HttpResponse<String> answer = get("/api/v1/tools", token);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertLimitHeaders(answer, 3, remaining);
        }

        HttpResponse<String> refused = get("/api/v1/tools", token);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertLimitHeaders(refused, 3, 0);
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(error.path("retryable").asBoolean()).isTrue();
        assertThat(error.path("details").path("group").asText()).isEqualTo("tools");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        // one token every 20 minutes
        assertThat(retryAfter).isBetween(1L, 1200L);
        assertThat(error.path("details").path("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        // the epoch second the bucket is full again: at least the next token away
        assertThat(Long.parseLong(refused.headers().firstValue("X-RateLimit-Reset").orElseThrow()))
                .isGreaterThanOrEqualTo(java.time.Instant.now().getEpochSecond() + retryAfter - 1);

        String other = login("test-other-tools-service", "other-tools-service-test-secret");
        HttpResponse<String> untouched = get("/api/v1/tools", other);
        assertThat(untouched.statusCode()).isEqualTo(200);
        assertLimitHeaders(untouched, 3, 2);
        // an error answered after the step carries the headers too
        HttpResponse<String> unknownTool = get("/api/v1/tools/no_such_tool", other);
        assertThat(unknownTool.statusCode()).isEqualTo(404);
        assertLimitHeaders(unknownTool, 3, 1);
    }

    @Test
    void anEmptyBucketRecoversAfterItsRefillWindow() throws Exception {
        String token = login("demo-admin", "demo-admin-test-secret");
        String path = "/api/v1/history/" + UUID.randomUUID();
        HttpResponse<String> answer = get(path, token);
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.headers().firstValue("X-RateLimit-Limit")).contains("2");
        // one token every 2 s comes back: calls well inside that run dry within a few tries
        for (int i = 0; i < 20 && answer.statusCode() != 429; i++) {
            answer = get(path, token);
        }
        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);

        answer = await("served again after the refill").atMost(Duration.ofSeconds(20))
                .until(() -> get(path, token), again -> again.statusCode() != 429);
        assertThat(answer.statusCode()).as("served again after the refill").isEqualTo(404);
        assertThat(JSON.readTree(answer.body()).path("error").path("code").asText()).isEqualTo("SESSION_NOT_FOUND");
        assertThat(answer.headers().firstValue("X-RateLimit-Remaining")).contains("0");
    }

    @Test
    void sessionTokensAreLimitedPerIpWhateverTheClientOrItsForwardedForSays() throws Exception {
        for (int remaining = 1; remaining >= 0; remaining--) {
            HttpResponse<String> answer = sessionToken("demo-web", null);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertLimitHeaders(answer, 2, remaining);
        }
        // another client from the same address, claiming to be someone else, shares the bucket
        HttpResponse<String> refused = sessionToken("test-disabled-web", "198.51.100.9");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(refused.body()).path("error").path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        // the per-IP token endpoint of confidential clients is its own group
        assertThat(login("test-bench-service", "bench-service-test-secret")).isNotBlank();
    }

    @Test
    void chatCarriesTheLimitOnItsStreamAndOnItsErrors() throws Exception {
        String token = login("test-chat-service", "chat-service-test-secret");
        String body = JSON.writeValueAsString(JSON.createObjectNode()
                .put("sessionId", UUID.randomUUID().toString())
                .set("messages", JSON.createArrayNode().add(JSON.createObjectNode()
                        .put("id", UUID.randomUUID().toString()).put("role", "user")
                        .put("content", "[[sim:long events=2]] What is the travel policy?")
                        .put("timestamp", "2026-11-25T10:00:00Z"))));
        HttpResponse<String> stream = http.send(HttpRequest.newBuilder(uri("/api/v1/chat"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(stream.body()).contains("event: final");
        assertLimitHeaders(stream, 3, 2);

        HttpResponse<String> unknown = get("/api/v1/chat/streams/" + UUID.randomUUID(), token);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertLimitHeaders(unknown, 3, 1);
        get("/api/v1/chat/streams/" + UUID.randomUUID(), token);

        HttpResponse<String> refused = get("/api/v1/chat/streams/" + UUID.randomUUID(), token);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertLimitHeaders(refused, 3, 0);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(refused.body()).path("error").path("code").asText()).isEqualTo("RATE_LIMITED");
    }

    private static void assertLimitHeaders(HttpResponse<String> answer, long limit, long remaining) {
        assertThat(answer.headers().firstValue("X-RateLimit-Limit")).as("limit").contains(Long.toString(limit));
        assertThat(answer.headers().firstValue("X-RateLimit-Remaining")).as("remaining").contains(Long.toString(remaining));
        long window = Long.parseLong(answer.headers().firstValue("X-RateLimit-Window").orElseThrow());
        assertThat(window).as("window").isPositive();
        long now = java.time.Instant.now().getEpochSecond();
        assertThat(Long.parseLong(answer.headers().firstValue("X-RateLimit-Reset").orElseThrow())).as("reset")
                .isBetween(now - 1, now + window + 1);
    }

    private HttpResponse<String> sessionToken(String clientId, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/session/token"))
                .header("Content-Type", "application/json").header("X-Client-Version", "1.4.2")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(JSON.createObjectNode()
                        .put("clientId", clientId).put("nonce", UUID.randomUUID().toString()))));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String login(String clientId, String secret) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(JSON.createObjectNode()
                        .put("grant_type", "client_credentials").put("client_id", clientId).put("client_secret", secret))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("login " + clientId).isEqualTo(200);
        return JSON.readTree(answer.body()).path("access_token").asText();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
