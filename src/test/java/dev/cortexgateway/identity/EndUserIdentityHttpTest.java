package dev.cortexgateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.SignedJWT;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.chat.SseTestClient;
import dev.cortexgateway.jwt.JwtKeyRing;
import dev.cortexgateway.jwt.JwtProperties;
import dev.cortexgateway.jwt.TokenIssuer;
import dev.cortexgateway.testing.GatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * One identity per end user of a public client, over real HTTP: two users of demo-web (anyone can
 * mint its tokens) cannot read, resume, cancel, replay or rate-limit each other; a session token
 * renews into the same subject within the window and the maximum age only, and only as its own
 * client; a confidential client naming {@code user_id} keeps its users apart.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                // the shipped history burst (the test profile's are generous), refilled slowly so that a slow
                // machine does not refill it during the test; the aggregate is 10 x
                "gateway.rate-limits.groups.history.capacity=120",
                "gateway.rate-limits.groups.history.refill-tokens=120",
                "gateway.rate-limits.groups.history.refill-period=1h"})
@ActiveProfiles({"local", "test"})
class EndUserIdentityHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    JwtProperties jwt;

    @Autowired
    JwtKeyRing keys;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRenewalKeepsTheSubjectAndANewSessionGetsAnother() throws Exception {
        String first = sessionToken("demo-web", null).path("token").asText();
        String renewed = sessionToken("demo-web", first).path("token").asText();
        String fresh = sessionToken("demo-web", null).path("token").asText();

        assertThat(subject(first)).startsWith("s_");
        assertThat(subject(renewed)).isEqualTo(subject(first));
        assertThat(claims(renewed).getJWTID()).isNotEqualTo(claims(first).getJWTID());
        assertThat(claims(renewed).getDateClaim("auth_time")).isEqualTo(claims(first).getDateClaim("auth_time"));
        assertThat(subject(fresh)).isNotEqualTo(subject(first));
        assertThat(claims(first).getStringClaim("client_id")).isEqualTo("demo-web");
    }

    @Test
    void aTokenExpiredWithinTheRenewalWindowStillRenews() throws Exception {
        String expired = tokenAt(Instant.now().minus(Duration.ofMinutes(7)), "s_expiredWithinWindow000", null);

        JsonNode renewed = sessionToken("demo-web", expired);

        assertThat(subject(renewed.path("token").asText())).isEqualTo("s_expiredWithinWindow000");
    }

    @Test
    void tokensThatMayNotRenewAreRefused() throws Exception {
        String pastWindow = tokenAt(Instant.now().minus(Duration.ofMinutes(20)), "s_expiredPastTheWindow00", null);
        String overMaxAge = tokenAt(Instant.now(), "s_sessionOverItsMaxAge00", Instant.now().minus(Duration.ofHours(13)));
        String otherClient = sessionToken("test-other-web", null).path("token").asText();
        String confidential = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret").token();
        String valid = sessionToken("demo-web", null).path("token").asText();
        String tampered = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");

        assertRenewalRefused(pastWindow, "invalid_token", "expired too long ago");
        assertRenewalRefused(overMaxAge, "max_age", "maximum age");
        assertRenewalRefused(otherClient, "other_client", "not a session token of this client");
        assertRenewalRefused(confidential, "other_client", "not a session token of this client");
        assertRenewalRefused(tampered, "invalid_token", "not valid");
    }

    @Test
    void twoEndUsersCannotReadCancelOrReplayEachOthersWork() throws Exception {
        String alice = sessionToken("demo-web", null).path("token").asText();
        String bob = sessionToken("demo-web", null).path("token").asText();
        String key = UUID.randomUUID().toString();

        JsonNode execution = json(call("POST", "/api/v1/tools/sql_exec/execute", alice,
                executeBody(), Map.of("x-idempotency-key", key)), 202);
        String jobId = execution.path("jobId").asText();
        assertThat(jobId).isNotEmpty();

        for (String path : List.of("/api/v1/tools/executions/" + jobId, "/api/v1/jobs/" + jobId)) {
            HttpResponse<String> hidden = call("GET", path, bob, null, Map.of());
            assertThat(hidden.statusCode()).as(path + ": " + hidden.body()).isEqualTo(404);
            assertThat(hidden.body()).contains("JOB_NOT_FOUND");
            assertThat(call("GET", path, alice, null, Map.of()).statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<String> cancel = call("POST", "/api/v1/jobs/" + jobId + "/cancel", bob, "", Map.of());
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(404);

        // the same idempotency key is Bob's own: a new execution, not Alice's replayed
        HttpResponse<String> bobs = call("POST", "/api/v1/tools/sql_exec/execute", bob, executeBody(),
                Map.of("x-idempotency-key", key));
        assertThat(bobs.statusCode()).as(bobs.body()).isEqualTo(202);
        assertThat(bobs.headers().firstValue("X-Idempotent-Replay")).isEmpty();
        assertThat(GatewayClient.JSON.readTree(bobs.body()).path("jobId").asText()).isNotEqualTo(jobId);
        HttpResponse<String> alicesAgain = call("POST", "/api/v1/tools/sql_exec/execute", alice, executeBody(),
                Map.of("x-idempotency-key", key));
        assertThat(GatewayClient.JSON.readTree(alicesAgain.body()).path("jobId").asText()).isEqualTo(jobId);
        assertThat(alicesAgain.headers().firstValue("X-Idempotent-Replay")).contains("true");

        String queryId = json(call("POST", "/api/v1/query", alice,
                Map.of("query", "How many customers are there?"), Map.of()), 200).path("query_id").asText();
        assertThat(call("GET", "/api/v1/query/" + queryId + "/status", bob, null, Map.of()).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/query/" + queryId + "/status", alice, null, Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void oneEndUserCannotReadOrResumeAnothersChat() throws Exception {
        String alice = sessionToken("demo-web", null).path("token").asText();
        String bob = sessionToken("demo-web", null).path("token").asText();
        UUID session = UUID.randomUUID();
        SseTestClient sse = new SseTestClient(port);

        SseTestClient.Connection chat = sse.post("/api/v1/chat", chatRequest(session, "How many customers are there?"),
                Map.of("Authorization", "Bearer " + alice));
        assertThat(chat.status()).isEqualTo(200);
        String streamId = chat.header("X-Stream-Id");
        List<SseTestClient.Event> events = chat.rest(WAIT);
        assertThat(events).extracting(SseTestClient.Event::name).contains("final");

        SseTestClient.Connection resumed = sse.get("/api/v1/chat/streams/" + streamId, Map.of("Authorization", "Bearer " + bob));
        assertThat(resumed.status()).isEqualTo(404);
        assertThat(resumed.body()).contains("STREAM_NOT_FOUND");
        SseTestClient.Connection reattached = sse.post("/api/v1/chat", chatRequest(session, "How many customers are there?"),
                Map.of("Authorization", "Bearer " + bob, "Last-Event-ID", streamId + ":1"));
        // a POST names the session, which is claimed first: Alice's session refuses Bob before any stream lookup
        assertThat(reattached.status()).isEqualTo(403);
        SseTestClient.Connection own = sse.get("/api/v1/chat/streams/" + streamId, Map.of("Authorization", "Bearer " + alice));
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.rest(WAIT)).extracting(SseTestClient.Event::name).contains("final");

        // history: Bob sees the same 404 as for a session that does not exist
        HttpResponse<String> history = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            history = call("GET", "/api/v1/history/" + session, alice, null, Map.of());
            if (history.statusCode() == 200) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
        HttpResponse<String> bobsView = call("GET", "/api/v1/history/" + session, bob, null, Map.of());
        assertThat(bobsView.statusCode()).isEqualTo(404);
        assertThat(bobsView.body()).contains("SESSION_NOT_FOUND");
        HttpResponse<String> bobWrites = call("POST", "/api/v1/chat", bob, chatRequest(session, "Mine now?"), Map.of());
        assertThat(bobWrites.statusCode()).isEqualTo(403);
    }

    @Test
    void aNoisyEndUserDoesNotExhaustAnothersLimit() throws Exception {
        String alice = sessionToken("demo-web", null).path("token").asText();
        String bob = sessionToken("demo-web", null).path("token").asText();
        String path = "/api/v1/history/" + UUID.randomUUID();

        int calls = 0;
        HttpResponse<String> answer;
        do {
            answer = call("GET", path, alice, null, Map.of());
            calls++;
        } while (answer.statusCode() != 429 && calls < 200);
        assertThat(answer.statusCode()).as("Alice's own bucket runs dry").isEqualTo(429);
        assertThat(calls).isEqualTo(121);
        assertThat(answer.body()).contains("\"bucket\":\"caller\"");

        HttpResponse<String> bobs = call("GET", path, bob, null, Map.of());
        assertThat(bobs.statusCode()).as(bobs.body()).isEqualTo(404);
        assertThat(bobs.headers().firstValue("X-RateLimit-Remaining")).contains("119");
    }

    @Test
    void aConfidentialClientNamingItsUsersKeepsThemApart() throws Exception {
        String service = GatewayClient.login(port, "test-query-service", "query-service-test-secret").token();
        Map<String, Object> asAlice = new LinkedHashMap<>();
        asAlice.put("query", "How many customers are there?");
        asAlice.put("user_id", "alice@example.com");
        String queryId = json(call("POST", "/api/v1/query", service, asAlice, Map.of()), 200).path("query_id").asText();
        String status = "/api/v1/query/" + queryId + "/status";

        assertThat(call("GET", status + "?user_id=alice%40example.com", service, null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(call("GET", status + "?user_id=bob%40example.com", service, null, Map.of()).statusCode()).isEqualTo(404);
        assertThat(call("GET", status, service, null, Map.of()).statusCode()).as("the client itself is not Alice").isEqualTo(404);

        // and without user_id the client owns as it always did
        String own = json(call("POST", "/api/v1/query", service, Map.of("query", "How many orders are there?"), Map.of()), 200)
                .path("query_id").asText();
        assertThat(call("GET", "/api/v1/query/" + own + "/status", service, null, Map.of()).statusCode()).isEqualTo(200);
    }

    private void assertRenewalRefused(String current, String reason, String message) throws Exception {
        HttpResponse<String> refused = tokenRequest("demo-web", current);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        JsonNode error = GatewayClient.JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(error.path("details").path("renewal").asText()).isEqualTo(reason);
        assertThat(error.path("message").asText()).contains(message);
    }

    /** A demo-web session token as the gateway would have issued it at {@code issuedAt}. */
    private String tokenAt(Instant issuedAt, String subject, Instant sessionStart) {
        TokenIssuer then = new TokenIssuer(jwt, keys, Clock.fixed(issuedAt, ZoneOffset.UTC));
        return then.sessionToken("demo-web", subject, sessionStart, List.of("chat", "tools", "history", "query"), "1.0.0")
                .token();
    }

    private JsonNode sessionToken(String clientId, String current) throws Exception {
        return json(tokenRequest(clientId, current), 200);
    }

    private HttpResponse<String> tokenRequest(String clientId, String current) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Client-Version", "1.0.0");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/session/token"))
                .header("Content-Type", "application/json").header("X-Client-Version", "1.0.0")
                .POST(HttpRequest.BodyPublishers.ofString(GatewayClient.JSON.writeValueAsString(
                        Map.of("clientId", clientId, "nonce", UUID.randomUUID().toString()))));
        if (current != null) {
            request.header("Authorization", "Bearer " + current);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path, String token, Object body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(
                    body instanceof String s ? s : GatewayClient.JSON.writeValueAsString(body)));
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return GatewayClient.JSON.readTree(response.body());
    }

    private static ObjectNode executeBody() {
        ObjectNode body = GatewayClient.JSON.createObjectNode();
        body.putObject("arguments").put("sql", "SELECT COUNT(*) AS n FROM orders").put("sessionId", UUID.randomUUID().toString());
        body.putObject("execution_options").put("async", true);
        return body;
    }

    private static Map<String, Object> chatRequest(UUID session, String question) {
        return Map.of("sessionId", session.toString(), "messages", List.of(Map.of(
                "id", UUID.nameUUIDFromBytes((session + question).getBytes()).toString(),
                "role", "user", "content", question, "timestamp", "2026-11-25T10:00:00Z")));
    }

    private static com.nimbusds.jwt.JWTClaimsSet claims(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet();
    }

    private static String subject(String token) throws Exception {
        return claims(token).getSubject();
    }
}
