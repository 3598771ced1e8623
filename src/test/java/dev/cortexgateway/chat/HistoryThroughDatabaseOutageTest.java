package dev.cortexgateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.RequiresPostgres;
import dev.cortexgateway.testing.SharedServices;
import dev.cortexgateway.testing.TcpProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL goes away under a running gateway (its connections go through a {@link TcpProxy} that
 * is cut; the machine's PostgreSQL keeps running): detailed health answers 503, chats still stream
 * their whole answer (history is written after the answer), their history waits in the write queue
 * (gauge on /actuator/prometheus), and once the proxy forwards again every message is stored
 * exactly once within seconds, readable through the history API.
 */
@RequiresPostgres
class HistoryThroughDatabaseOutageTest {

    private static final Duration STORED_WITHIN = Duration.ofSeconds(20);
    private static final Pattern JDBC_HOST = Pattern.compile("^jdbc:postgresql://([^/:]+):(\\d+)/([^?]+).*$");

    private final HttpClient http = HttpClient.newHttpClient();
    private String schema;
    private TcpProxy proxy;
    private ConfigurableApplicationContext gateway;

    @AfterEach
    void cleanUp() {
        if (gateway != null) {
            gateway.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (schema != null) {
            SharedServices.dropSchema(schema);
        }
    }

    @Test
    void chatsAnswerDuringTheOutageAndTheirHistoryIsStoredOnceAfterIt() throws Exception {
        Matcher target = JDBC_HOST.matcher(SharedServices.POSTGRES_URL);
        assertThat(target.matches()).as("a jdbc:postgresql://host:port/db URL: %s", SharedServices.POSTGRES_URL).isTrue();
        proxy = new TcpProxy(target.group(1), Integer.parseInt(target.group(2)));
        schema = SharedServices.newSchema();
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + target.group(3)
                        + "?currentSchema=" + schema + "&connectTimeout=2&socketTimeout=5",
                "--spring.datasource.hikari.connection-timeout=1000"));
        // the datasource user and Flyway schema of the cluster arguments; stores stay in-process
        SharedServices.clusterArguments(schema, "unused:").stream()
                .filter(arg -> arg.startsWith("--spring.datasource.username") || arg.startsWith("--spring.datasource.password")
                        || arg.startsWith("--spring.flyway."))
                .forEach(args::add);
        gateway = new SpringApplicationBuilder(GatewayApplication.class).profiles("local", "test")
                .run(args.toArray(String[]::new));
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        String token = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret").token();
        SseTestClient sse = new SseTestClient(port);

        UUID known = UUID.randomUUID();
        assertThat(finalEvent(sse, token, known, "How many orders are there?")).isNotNull();
        assertThat(storedMessages(known)).isEqualTo(2);

        proxy.cut();
        HttpResponse<String> health = get(port, "/api/v1/health?detailed=true", null);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(GatewayClient.JSON.readTree(health.body()).at("/components/database/status").asText()).isEqualTo("unhealthy");

        // a session this instance saw claimed, and a new one (claimed provisionally)
        UUID fresh = UUID.randomUUID();
        SseTestClient.Event duringOutage = finalEvent(sse, token, known, "How many customers are there?");
        SseTestClient.Event newSession = finalEvent(sse, token, fresh, "How many orders are there?");
        assertThat(duringOutage).as("the answer streams to its end while the database is down").isNotNull();
        assertThat(newSession).isNotNull();
        assertThat(metric(port, "gateway_history_write_queue")).isEqualTo(4.0);

        proxy.restore();
        await("the queued turns stored").atMost(STORED_WITHIN).until(() -> storedMessages(known) >= 4 && storedMessages(fresh) >= 2);
        assertThat(storedMessages(known)).as("stored once: the first turn and the one from the outage").isEqualTo(4);
        assertThat(storedMessages(fresh)).isEqualTo(2);
        assertThat(metric(port, "gateway_history_write_queue")).isZero();
        assertThat(metric(port, "gateway_history_write_retries_total")).isGreaterThanOrEqualTo(2.0);
        assertThat(metric(port, "gateway_history_writes_dropped_total")).isZero();

        HttpResponse<String> history = get(port, "/api/v1/history/" + known, token);
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
        assertThat(GatewayClient.JSON.readTree(history.body()).at("/messages/0/content").asText())
                .isEqualTo(duringOutage.data().path("message").path("content").asText());
        assertThat(get(port, "/api/v1/history/" + fresh, token).statusCode()).isEqualTo(200);
        assertThat(get(port, "/api/v1/health?detailed=true", null).statusCode()).isEqualTo(200);
    }

    private static SseTestClient.Event finalEvent(SseTestClient sse, String token, UUID session, String question)
            throws Exception {
        SseTestClient.Connection stream = sse.post("/api/v1/chat", Map.of("sessionId", session.toString(),
                "messages", List.of(Map.of("id", UUID.randomUUID().toString(), "role", "user", "content", question,
                        "timestamp", "2026-11-25T10:00:00Z"))), Map.of("Authorization", "Bearer " + token));
        assertThat(stream.status()).isEqualTo(200);
        return stream.rest(Duration.ofSeconds(30)).stream().filter(e -> e.name().equals("final")).findFirst().orElse(null);
    }

    /** Counted in the database itself, past the gateway: duplicates would show. */
    private int storedMessages(UUID session) throws Exception {
        try (Connection connection = DriverManager.getConnection(SharedServices.POSTGRES_URL, SharedServices.POSTGRES_USER, "");
             PreparedStatement count = connection.prepareStatement(
                     "select count(*) from " + schema + ".history_messages where session_id = ?")) {
            count.setString(1, session.toString());
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private double metric(int port, String name) throws Exception {
        String text = get(port, "/actuator/prometheus", null).body();
        Matcher value = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        assertThat(value.find()).as("%s on /actuator/prometheus", name).isTrue();
        return Double.parseDouble(value.group(2));
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
