package dev.cortexgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.chat.SseTestClient;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Usage over real HTTP against the simulator: a chat stream and a query (miss, then hit) are
 * recorded with their client, end user, route, model and tokens; GET /api/v1/usage filters, groups
 * and checks its parameters; a client over its daily budget is refused with 429 BUDGET_EXCEEDED
 * before Cortex is called; a client over its tokens per minute with 429 RATE_LIMITED.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gateway.usage.flush-interval=20ms",
                // one token a day: the first chat is admitted, the next one is over the budget
                "gateway.usage.budgets.clients.test-chat-service.daily-tokens=1",
                "gateway.usage.tokens-per-minute.clients.test-other-query-service=1",
                // each of its end users: one token a day
                "gateway.usage.budgets.clients.test-cache-service.user-daily-tokens=1"})
@ActiveProfiles({"local", "test"})
class UsageHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    private GatewayClient admin;

    @BeforeEach
    void login() throws Exception {
        admin = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
    }

    @Test
    void aQueryMissAndItsCacheHitAreRecorded() throws Exception {
        GatewayClient queries = GatewayClient.login(port, "test-query-service", "query-service-test-secret");
        String question = "What is the refund policy for annual plans? " + UUID.randomUUID();
        Answer miss = queries.post("/api/v1/query", Map.of("query", question));
        assertThat(miss.status()).as(miss.body()).isEqualTo(200);
        Answer hit = queries.post("/api/v1/query", Map.of("query", question));
        assertThat(hit.json().path("metadata").path("cache_status").asText()).isEqualTo("hit");

        JsonNode usage = awaitRequests("?client=test-query-service&route=query", 2);
        JsonNode totals = usage.path("totals");
        assertThat(totals.path("cacheHits").asLong()).isEqualTo(1);
        assertThat(totals.path("inputTokens").asLong()).isPositive();
        assertThat(totals.path("totalTokens").asLong())
                .isEqualTo(miss.json().path("metadata").path("token_cost").asLong());
        assertThat(usage.path("filters").path("client").asText()).isEqualTo("test-query-service");
    }

    @Test
    void aChatStreamIsRecordedForItsEndUserAndGroupedByUserModelDayAndRoute() throws Exception {
        List<SseTestClient.Event> events = chat(admin.token(), "How many customers are there?", "alice@example.com").rest(WAIT);
        assertThat(events.get(events.size() - 1).name()).isEqualTo("final");

        JsonNode byUser = awaitRequests("?client=demo-admin&route=chat-stream&group_by=user", 1);
        JsonNode group = byUser.path("groups").get(0);
        assertThat(group.path("key").asText()).startsWith("demo-admin/u_").doesNotContain("alice");
        assertThat(group.path("requests").asLong()).isEqualTo(1);
        assertThat(group.path("outputTokens").asLong()).isPositive();
        assertThat(group.path("cacheHits").asLong()).isZero();

        String subject = group.path("key").asText().substring("demo-admin/".length());
        JsonNode byModel = admin.get("/api/v1/usage?user=" + subject + "&group_by=model").json();
        assertThat(byModel.path("groups").get(0).path("key").asText()).isNotBlank();
        assertThat(byModel.path("totals").path("requests").asLong()).isEqualTo(1);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode byDay = admin.get("/api/v1/usage?client=demo-admin&from=" + today + "&to=" + today + "&group_by=day").json();
        assertThat(byDay.path("groups").get(0).path("key").asText()).isEqualTo(today);
        JsonNode byRoute = admin.get("/api/v1/usage?group_by=route").json();
        assertThat(byRoute.path("groups").findValuesAsText("key")).contains("chat-stream");
        JsonNode yesterday = admin.get("/api/v1/usage?client=demo-admin&to="
                + LocalDate.now(ZoneOffset.UTC).minusDays(1)).json();
        assertThat(yesterday.path("totals").path("requests").asLong()).isZero();
        assertThat(yesterday.path("groups")).isEmpty();
    }

    @Test
    void badParametersAre400NamingEachOne() throws Exception {
        Answer bad = admin.get("/api/v1/usage?from=yesterday&group_by=week&client=");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.json().path("error").path("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(bad.json().path("error").path("details").path("fields").findValuesAsText("field"))
                .containsExactlyInAnyOrder("from", "group_by", "client");

        Answer reversed = admin.get("/api/v1/usage?from=2026-12-07&to=2026-12-01");
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.json().path("error").path("details").path("fields").get(0).path("message").asText())
                .isEqualTo("must not be after to");
        assertThat(admin.get("/api/v1/usage?from=2024-01-01&to=2026-01-01").status()).isEqualTo(400);
    }

    @Test
    void theUsageEndpointNeedsTheAdminScope() throws Exception {
        GatewayClient queries = GatewayClient.login(port, "test-query-service", "query-service-test-secret");
        Answer refused = queries.get("/api/v1/usage");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(GatewayClient.withToken(port, "not-a-token").get("/api/v1/usage").status()).isEqualTo(401);
    }

    @Test
    void aClientOverItsDailyBudgetIsRefusedWithTheResetTime() throws Exception {
        String token = GatewayClient.login(port, "test-chat-service", "chat-service-test-secret").token();
        List<SseTestClient.Event> first = chat(token, "How many orders are there?", null).rest(WAIT);
        assertThat(first.get(first.size() - 1).name()).isEqualTo("final");
        // the budget counter is added to before the record is handed to the writer
        awaitRequests("?client=test-chat-service", 1);

        SseTestClient.Connection refused = chat(token, "How many customers are there?", null);
        assertThat(refused.status()).isEqualTo(429);
        JsonNode error = SseTestClient.JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("BUDGET_EXCEEDED");
        Instant tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(Instant.parse(error.path("details").path("resetAt").asText())).isEqualTo(tomorrow);
        assertThat(error.path("details").path("scope").asText()).isEqualTo("client");
        assertThat(error.path("details").path("period").asText()).isEqualTo("day");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive()
                .isLessThanOrEqualTo(Duration.ofDays(1).toSeconds());
    }

    @Test
    void aClientOverItsTokensPerMinuteIsRateLimitedUntilItsBucketRefills() throws Exception {
        GatewayClient queries = GatewayClient.login(port, "test-other-query-service", "other-query-service-test-secret");
        Answer first = queries.post("/api/v1/query", Map.of("query", "Which regions grew fastest? " + UUID.randomUUID()));
        assertThat(first.status()).as(first.body()).isEqualTo(200);

        Answer refused = queries.post("/api/v1/query", Map.of("query", "Which regions grew fastest? " + UUID.randomUUID()));
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        JsonNode error = refused.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(error.path("details").path("group").asText()).isEqualTo("tokens-per-minute");
        assertThat(error.path("details").path("retryAfterSeconds").asLong()).isGreaterThan(60);
    }

    @Test
    void anEndUserOverItsBudgetIsRefusedWhileTheClientsOtherUsersAreServed() throws Exception {
        GatewayClient service = GatewayClient.login(port, "test-cache-service", "cache-service-test-secret");
        assertThat(service.post("/api/v1/query", query("bob@example.com")).status()).isEqualTo(200);

        Answer refused = service.post("/api/v1/query", query("bob@example.com"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("BUDGET_EXCEEDED");
        assertThat(refused.json().path("error").path("details").path("scope").asText()).isEqualTo("user");
        assertThat(refused.body()).doesNotContain("bob");

        assertThat(service.post("/api/v1/query", query("carol@example.com")).status()).isEqualTo(200);
        // the client acting for itself has no budget
        assertThat(service.post("/api/v1/query", Map.of("query", "How many orders are there? " + UUID.randomUUID()))
                .status()).isEqualTo(200);
        JsonNode byUser = awaitRequests("?client=test-cache-service&group_by=user", 3);
        assertThat(byUser.path("groups")).hasSize(3);
    }

    @Test
    void aCortexToolCallIsRecordedUnderItsRoute() throws Exception {
        Answer called = admin.post("/api/v1/tools/cortex_analyst_text_to_sql",
                Map.of("question", "What was the revenue by quarter in 2024?"));
        assertThat(called.status()).as(called.body()).isEqualTo(200);

        JsonNode byRoute = await().atMost(WAIT).until(() -> admin.get("/api/v1/usage?client=demo-admin&group_by=route").json(),
                usage -> usage.path("groups").findValuesAsText("key").stream().anyMatch(k -> k.contains("cortex_analyst")));
        assertThat(byRoute.path("totals").path("requests").asLong()).isPositive();
    }

    private static Map<String, String> query(String userId) {
        return Map.of("query", "How many orders are there? " + UUID.randomUUID(), "user_id", userId);
    }

    private JsonNode awaitRequests(String query, long requests) {
        return await().atMost(WAIT).until(() -> admin.get("/api/v1/usage" + query).json(),
                usage -> usage.path("totals").path("requests").asLong() == requests);
    }

    private SseTestClient.Connection chat(String token, String question, String userId) throws Exception {
        UUID session = UUID.randomUUID();
        Map<String, Object> body = new HashMap<>();
        body.put("sessionId", session.toString());
        body.put("messages", List.of(Map.of("id", UUID.randomUUID().toString(), "role", "user", "content", question,
                "timestamp", "2026-11-25T10:00:00Z")));
        if (userId != null) {
            body.put("user_id", userId);
        }
        return new SseTestClient(port).post("/api/v1/chat", body, Map.of("Authorization", "Bearer " + token));
    }
}
