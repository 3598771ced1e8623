package dev.cortexgateway.tools.kinds.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Registered http tools calling a real host (a JDK HTTP server in this JVM, allow-listed) through
 * routes/tools/http.yaml and Camel's HTTP component: what goes on the wire, and what the gateway does
 * with a redirect, an answer over the cap, a cookie, a silent host and a host's error status.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gateway.tools.http.max-response-bytes=1024")
@ActiveProfiles({"local", "test"})
class HttpToolCallsHttpTest {

    /** One request the host received: method, raw path and query, headers of interest, body. */
    private record Received(String method, String rawPath, String rawQuery, String authorization, String cookie,
                            String contentType, String body) {
    }

    private static final HttpServer HOST;
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final CountDownLatch OVER = new CountDownLatch(1);

    static {
        try {
            HOST = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            HOST.setExecutor(Executors.newCachedThreadPool());
            HOST.createContext("/", HttpToolCallsHttpTest::handle);
            HOST.start();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void allowTheHost(DynamicPropertyRegistry registry) {
        registry.add("gateway.tools.http.allowed-hosts[0]", () -> "http://127.0.0.1:" + HOST.getAddress().getPort());
        // port 0: this gateway's own
        registry.add("gateway.tools.http.allowed-hosts[1]", () -> "http://127.0.0.1:0");
    }

    @AfterAll
    static void stopHost() {
        OVER.countDown();
        HOST.stop(0);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        RECEIVED.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Cookie"), exchange.getRequestHeaders().getFirst("Content-Type"), body));
        String path = exchange.getRequestURI().getRawPath();
        try (exchange) {
            if (path.startsWith("/redirect")) {
                exchange.getResponseHeaders().set("Location", "http://127.0.0.1:1/elsewhere");
                exchange.sendResponseHeaders(302, -1);
            } else if (path.startsWith("/large")) {
                send(exchange, 200, "text/plain", "x".repeat(4096));
            } else if (path.startsWith("/cookie")) {
                exchange.getResponseHeaders().add("Set-Cookie", "session=first-callers; Path=/");
                send(exchange, 200, "application/json", "{\"ok\":true}");
            } else if (path.startsWith("/silent")) {
                await();
            } else if (path.startsWith("/chunked")) {
                // no length: the answer comes in chunks, as Tomcat and most frameworks send it
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(404, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write("{\"error\":\"not here\"}".getBytes(StandardCharsets.UTF_8));
                }
            } else if (path.startsWith("/broken")) {
                send(exchange, 503, "text/plain", "host internals");
            } else {
                send(exchange, 200, "application/json", "{\"region\":\"EMEA\",\"open\":3}");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void await() {
        try {
            OVER.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @LocalServerPort
    int port;

    private GatewayClient tools;
    private GatewayClient admin;

    @BeforeEach
    void logIn() throws Exception {
        tools = GatewayClient.login(port, "test-tools-service", "tools-service-test-secret");
        admin = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
        RECEIVED.clear();
    }

    private String host() {
        return "http://127.0.0.1:" + HOST.getAddress().getPort();
    }

    private void register(String name, String method, String path) throws Exception {
        GatewayClient.Answer registered = admin.post("/api/v1/tools", Map.of("name", name, "kind", "http", "method", method,
                "description", "http tool test", "url", host() + path, "parameters", Map.of("x", Map.of("type", "string"))));
        assertThat(registered.status()).as(registered.body()).isIn(200, 201);
    }

    @Test
    void aGetSendsTheFilledInUrlAndOnlyTheGatewaysHeaders() throws Exception {
        register("calls_status", "GET", "/status/{x}?detail={x}");
        GatewayClient.Answer answer = tools.post("/api/v1/tools/calls_status", Map.of("x", "a b/c%"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().at("/status").asInt()).isEqualTo(200);
        assertThat(answer.json().at("/contentType").asText()).isEqualTo("application/json");
        assertThat(answer.json().at("/body/region").asText()).isEqualTo("EMEA");
        Received received = RECEIVED.get(0);
        assertThat(received.method()).isEqualTo("GET");
        // every character but RFC 3986's unreserved ones is data, percent-encoded once
        assertThat(received.rawPath()).isEqualTo("/status/a%20b%2Fc%25");
        assertThat(received.rawQuery()).isEqualTo("detail=a%20b%2Fc%25");
        assertThat(received.authorization()).as("the caller's gateway token never travels").isNull();
        assertThat(received.body()).isEmpty();
    }

    @Test
    void aPostSendsTheArgumentsAsJson() throws Exception {
        register("calls_post", "POST", "/submit/{x}");
        GatewayClient.Answer answer = tools.post("/api/v1/tools/calls_post", Map.of("x", "one"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Received received = RECEIVED.get(0);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.contentType()).startsWith("application/json");
        assertThat(GatewayClient.JSON.readTree(received.body()).path("x").asText()).isEqualTo("one");
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        register("calls_redirect", "GET", "/redirect/{x}");
        GatewayClient.Answer answer = tools.post("/api/v1/tools/calls_redirect", Map.of("x", "y"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(424);
        assertThat(answer.json().at("/error/details/cause").asText()).isEqualTo("UPSTREAM_ERROR");
        assertThat(answer.json().at("/error/details/upstreamStatus").asInt()).isEqualTo(302);
        assertThat(RECEIVED).hasSize(1);
    }

    @Test
    void anAnswerOverTheCapIsRefused() throws Exception {
        register("calls_large", "GET", "/large/{x}");
        GatewayClient.Answer answer = tools.post("/api/v1/tools/calls_large", Map.of("x", "y"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(424);
        assertThat(answer.json().at("/error/details/maxResponseBytes").asInt()).isEqualTo(1024);
        assertThat(answer.body()).doesNotContain("xxxx");
    }

    @Test
    void aCookieOneCallReceivedIsNeverSentWithTheNext() throws Exception {
        register("calls_cookie", "GET", "/cookie/{x}");
        assertThat(tools.post("/api/v1/tools/calls_cookie", Map.of("x", "first")).status()).isEqualTo(200);
        assertThat(tools.post("/api/v1/tools/calls_cookie", Map.of("x", "second")).status()).isEqualTo(200);
        assertThat(RECEIVED).hasSize(2);
        assertThat(RECEIVED.get(1).cookie()).isNull();
    }

    @Test
    void aHostsErrorStatusIsAnUpstreamErrorWithoutItsText() throws Exception {
        register("calls_broken", "GET", "/broken/{x}");
        GatewayClient.Answer answer = tools.post("/api/v1/tools/calls_broken", Map.of("x", "y"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(424);
        assertThat(answer.json().at("/error/details/upstreamStatus").asInt()).isEqualTo(503);
        assertThat(answer.body()).doesNotContain("host internals");
    }

    @Test
    void chunkedAnswersGiveTheirConnectionBackEveryTime() throws Exception {
        register("calls_chunked", "GET", "/chunked/{x}");
        // more calls than a route's pooled connections: a connection not given back would hang one
        for (int i = 0; i < 30; i++) {
            GatewayClient.Answer answer = tools.post("/api/v1/tools/calls_chunked", Map.of("x", "call-" + i));
            assertThat(answer.status()).as(answer.body()).isEqualTo(424);
            assertThat(answer.json().at("/error/details/upstreamStatus").asInt()).isEqualTo(404);
        }
    }

    @Test
    void theGatewaysOwnNotFoundGivesItsConnectionBackEveryTime() throws Exception {
        GatewayClient.Answer registered = admin.post("/api/v1/tools", Map.of("name", "calls_self", "kind", "http",
                "description", "http tool test", "url", "http://127.0.0.1:" + port + "/api/v1/no-such-route/{x}",
                "parameters", Map.of("x", Map.of("type", "string"))));
        assertThat(registered.status()).as(registered.body()).isIn(200, 201);
        for (int i = 0; i < 30; i++) {
            GatewayClient.Answer answer = tools.post("/api/v1/tools/calls_self", Map.of("x", "call-" + i));
            assertThat(answer.status()).as(answer.body()).isEqualTo(424);
            assertThat(answer.json().at("/error/details/upstreamStatus").asInt()).as(answer.body()).isEqualTo(404);
        }
    }

    @Test
    void aSilentHostIsStoppedAtTheExecutionDeadline() throws Exception {
        register("calls_silent", "GET", "/silent/{x}");
        long started = System.nanoTime();
        GatewayClient.Answer answer = tools.post("/api/v1/tools/calls_silent/execute",
                Map.of("arguments", Map.of("x", "y"), "execution_options", Map.of("timeout_seconds", 1, "async", false)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(424);
        assertThat(answer.json().at("/error/details/cause").asText()).isEqualTo("UPSTREAM_TIMEOUT");
        // the host holds the request for 30 s: ending well inside that is the deadline's doing
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }
}
