package dev.cortexgateway.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two gateways on one database, as in a scale-out: a switch flipped on A applies on A at once and on
 * B at its next refresh (B re-reads the flags every 2 s, the default); a disabled chat pipeline answers a plain
 * envelope before any stream; a database outage keeps the last known flags serving and is logged once.
 * Both instances get {@code gateway.flags.defaults.history-page: false}.
 */
@ExtendWith(OutputCaptureExtension.class)
class FlagsAcrossInstancesTest {

    /**
     * A bound that is the behaviour: B picks a change up at its next refresh (every 2 s), so it must
     * not take many intervals; five of them leave a busy machine its margin.
     */
    private static final Duration PICKUP = Duration.ofSeconds(10);
    private static final String OUTAGE_LOG = "feature flags cannot be read from the database";

    @TempDir
    static Path dataDir;

    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static GatewayClient adminOnA;
    static GatewayClient adminOnB;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        a = start();
        b = start();
        adminOnA = GatewayClient.login(port(a), "demo-admin", "demo-admin-test-secret");
        adminOnB = GatewayClient.login(port(b), "demo-admin", "demo-admin-test-secret");
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void aSwitchOnOneInstanceReachesTheOtherAtItsNextRefresh() throws Exception {
        assertThat(adminOnB.get("/api/v1/tools").status()).isEqualTo(200);

        Answer disabled = adminOnA.post("/api/v1/pipelines/tools-list/disable", "");
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
        assertThat(adminOnA.get("/api/v1/tools").status()).as("a change applies at once where it was made").isEqualTo(503);

        Answer onB = pollUntil(() -> adminOnB.get("/api/v1/tools"), answer -> answer.status() == 503);
        assertThat(onB.json().path("error").path("code").asText()).isEqualTo("ROUTE_DISABLED");
        Answer seenByB = adminOnB.get("/api/v1/pipelines/tools-list");
        assertThat(seenByB.json().path("changedBy").asText()).isEqualTo("demo-admin");
        assertThat(seenByB.json().path("enabled").asBoolean()).isFalse();

        Answer enabled = adminOnA.post("/api/v1/pipelines/tools-list/enable", "");
        assertThat(enabled.json().path("enabled").asBoolean()).isTrue();
        pollUntil(() -> adminOnB.get("/api/v1/tools"), answer -> answer.status() == 200);
    }

    @Test
    void aDisabledChatPipelineAnswersAPlainEnvelopeBeforeAnyStream() throws Exception {
        assertThat(adminOnA.post("/api/v1/pipelines/chat-stream/disable", "").status()).isEqualTo(200);
        try {
            HttpResponse<String> chat = pollUntil(() -> chat(port(b)), answer -> answer.statusCode() == 503);
            assertThat(chat.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(chat.headers().firstValue("X-Stream-Id")).isEmpty();
            assertThat(chat.body()).contains("\"code\":\"ROUTE_DISABLED\"").doesNotContain("event:");
        } finally {
            assertThat(adminOnA.post("/api/v1/pipelines/chat-stream/enable", "").status()).isEqualTo(200);
        }
    }

    @Test
    void aRouteOffByConfigurationIsOffUntilEnabled() throws Exception {
        Answer page = adminOnB.get("/api/v1/pipelines/history-page");
        assertThat(page.json().path("default").asBoolean()).isFalse();
        assertThat(page.json().path("changedBy").isNull()).as("nobody switched it: the configured default rules").isTrue();
        assertThat(page.json().path("enabled").asBoolean()).isFalse();
        assertThat(adminOnB.get("/api/v1/history/" + UUID.randomUUID()).status()).isEqualTo(503);
    }

    @Test
    void aDatabaseOutageKeepsTheLastKnownFlagsAndIsLoggedOnce(CapturedOutput output) throws Exception {
        assertThat(adminOnA.post("/api/v1/pipelines/auth-validate/disable", "").status()).isEqualTo(200);
        pollUntil(() -> adminOnB.get("/api/v1/auth/validate"), answer -> answer.status() == 503);
        int before = count(output.getAll(), OUTAGE_LOG);

        sql("alter table feature_flags rename to feature_flags_away");
        try {
            // both instances notice at their next refresh, and then keep failing at every refresh
            pollUntil(() -> count(output.getAll(), OUTAGE_LOG), n -> n >= before + 2);
            for (int round = 0; round < 2; round++) { // two more failing refresh rounds, which must not log again
                a.getBean(RouteFlags.class).refresh();
                b.getBean(RouteFlags.class).refresh();
            }
            assertThat(count(output.getAll(), OUTAGE_LOG)).as("logged once per instance, not per refresh").isEqualTo(before + 2);

            assertThat(adminOnB.get("/api/v1/auth/validate").status()).as("still disabled").isEqualTo(503);
            assertThat(adminOnB.get("/api/v1/tools").status()).as("still enabled").isEqualTo(200);
            Answer refused = adminOnA.post("/api/v1/pipelines/auth-validate/enable", "");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().path("error").path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        } finally {
            sql("alter table feature_flags_away rename to feature_flags");
        }
        assertThat(adminOnA.post("/api/v1/pipelines/auth-validate/enable", "").status()).isEqualTo(200);
        pollUntil(() -> adminOnB.get("/api/v1/auth/validate"), answer -> answer.status() == 200);
        assertThat(output.getAll()).contains("feature flags are read from the database again");
    }

    private static HttpResponse<String> chat(int port) throws Exception {
        String body = """
                {"sessionId":"%s","messages":[{"id":"%s","role":"user","content":"hello",
                 "timestamp":"2026-11-25T10:00:00Z"}]}""".formatted(UUID.randomUUID(), UUID.randomUUID());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/chat"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token())
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A chat-scoped token (the chat pipeline needs scope chat). */
    private static String token() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(a) + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\","
                        + "\"client_id\":\"test-chat-service\",\"client_secret\":\"chat-service-test-secret\"}")).build();
        String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        return GatewayClient.JSON.readTree(body).path("access_token").asText();
    }

    private static void sql(String statement) throws Exception {
        try (Connection connection = a.getBean(DataSource.class).getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Calls until {@code done}, failing with the last answer once {@link #PICKUP} has passed. */
    private static <T> T pollUntil(Call<T> call, Predicate<T> done) {
        return await().atMost(PICKUP).until(call::get, done::test);
    }

    @FunctionalInterface
    private interface Call<T> {
        T get() throws Exception;
    }

    private static ConfigurableApplicationContext start() {
        // command-line arguments outrank the test profile's own (random) data dir: both share one database
        return new SpringApplicationBuilder(GatewayApplication.class)
                .profiles("local", "test")
                .run("--server.port=0", "--gateway.data-dir=" + dataDir.toAbsolutePath(),
                        "--gateway.flags.defaults.history-page=false");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
