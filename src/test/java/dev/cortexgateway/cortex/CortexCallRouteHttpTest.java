package dev.cortexgateway.cortex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.support.CancelScope;
import dev.cortexgateway.tracing.UpstreamTracing;
import dev.cortexgateway.upstream.GuardedHttpCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Cortex call route (routes/tools/cortex-call.yaml) on its own: what goes on the wire and what a
 * misbehaving server gets, against a plain HTTP server (or a silent socket) in this JVM. Each test runs
 * the route file in a small CamelContext of its own with the beans the route names, pointed at its server.
 */
class CortexCallRouteHttpTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final AtomicReference<HttpHandler> scenario = new AtomicReference<>();
    private final AtomicReference<Headers> seenHeaders = new AtomicReference<>();
    private final AtomicReference<String> seenPath = new AtomicReference<>();
    private final AtomicReference<String> seenQuery = new AtomicReference<>();
    private final AtomicReference<JsonNode> seenBody = new AtomicReference<>();
    private final CountDownLatch testOver = new CountDownLatch(1);
    private HttpServer server;
    private CortexAgentClient agentClient;
    private CortexCalls calls;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            seenPath.set(exchange.getRequestURI().getRawPath());
            seenQuery.set(exchange.getRequestURI().getRawQuery());
            seenHeaders.set(exchange.getRequestHeaders());
            seenBody.set(json.readTree(exchange.getRequestBody().readAllBytes()));
            try {
                scenario.get().handle(exchange);
            } finally {
                exchange.close();
            }
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        agentClient = new CortexAgentClient(
                TestSettings.withContext(TestSettings.inline(base, TestSettings.NO_TOOLS), "TOOLS_ROLE", "TOOLS_WH"),
                Clock.systemUTC());
        calls = new CortexCalls(agentClient);
    }

    @AfterEach
    void stop() {
        testOver.countDown();
        calls.close();
        agentClient.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private static HttpHandler answer(int status, String body) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("X-Snowflake-Request-ID", "req-1");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    @Test
    void postsJsonWithTheGatewaysIdentity() throws Exception {
        scenario.set(answer(200, "{\"results\":[],\"request_id\":\"r1\"}"));
        JsonNode out = calls.post("/api/v2/databases/DB/schemas/S/cortex-search-services/%22a%20b%22:query",
                json.readTree("{\"query\":\"q\",\"limit\":3}"), Duration.ofSeconds(5));
        assertThat(out).isEqualTo(json.readTree("{\"results\":[],\"request_id\":\"r1\"}"));
        assertThat(seenPath.get()).isEqualTo("/api/v2/databases/DB/schemas/S/cortex-search-services/%22a%20b%22:query");
        assertThat(seenQuery.get()).as("the endpoint's options are not a query string").isNull();
        assertThat(seenBody.get()).isEqualTo(json.readTree("{\"query\":\"q\",\"limit\":3}"));
        Headers headers = seenHeaders.get();
        assertThat(headers.getFirst("Authorization")).isEqualTo("Bearer local-simulator-token");
        assertThat(headers.getFirst("X-Snowflake-Authorization-Token-Type")).isEqualTo("PROGRAMMATIC_ACCESS_TOKEN");
        assertThat(headers.getFirst("X-Snowflake-Role")).isEqualTo("TOOLS_ROLE");
        assertThat(headers.getFirst("X-Snowflake-Warehouse")).isEqualTo("TOOLS_WH");
        assertThat(headers.getFirst("Accept")).isEqualTo("application/json");
        assertThat(headers.getFirst("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void anUnreadableAnswerIsAnUpstreamError() {
        scenario.set(answer(200, "<html>maintenance</html>"));
        assertThatThrownBy(() -> calls.post("/x", json.createObjectNode(), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
                    assertThat(e.details()).containsEntry("upstreamRequestId", "req-1");
                });
        scenario.set(answer(200, "[1,2]"));
        assertThatThrownBy(() -> calls.post("/x", json.createObjectNode(), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR));
    }

    @Test
    void refusalsAreMappedWithoutSnowflakesText() {
        scenario.set(answer(403, "{\"message\":\"secret internals\",\"code\":\"390303\",\"request_id\":\"r403\"}"));
        assertThatThrownBy(() -> calls.post("/x", json.createObjectNode(), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
                    assertThat(e.getMessage()).doesNotContain("secret internals");
                    assertThat(e.details()).containsEntry("upstreamCode", "390303").containsEntry("upstreamRequestId", "r403");
                });
    }

    @Test
    void aBodyThatTricklesPastTheTimeoutIsAnUpstreamTimeout() {
        scenario.set(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write('{');
            out.flush();
            try {
                testOver.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long started = System.nanoTime();
        assertThatThrownBy(() -> calls.post("/x", json.createObjectNode(), Duration.ofMillis(400)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT));
        // the bound is the behaviour, with a wide margin: the 400 ms timeout ended it, not the server
        // giving up after 10 s
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void cancellingTheScopeClosesTheConnectionAtOnce() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CortexAgentClient client = new CortexAgentClient(TestSettings.inline(
                    URI.create("http://127.0.0.1:" + silent.getLocalPort()), TestSettings.NO_TOOLS), Clock.systemUTC());
            CortexCalls silentCalls = new CortexCalls(client);
            CancelScope scope = new CancelScope();
            CompletableFuture<Throwable> ended = CompletableFuture.supplyAsync(() -> {
                try {
                    scope.run(() -> silentCalls.post("/x", json.createObjectNode(), Duration.ofSeconds(30)));
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            try (Socket connection = silent.accept()) {
                InputStream in = connection.getInputStream();
                byte[] buffer = new byte[8192];
                assertThat(in.read(buffer)).as("the request arrives").isPositive();
                scope.cancel();
                // the call's own timeout is 30 s: ending well inside these waits is the cancel's doing
                assertThat(ended.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
                connection.setSoTimeout(10_000);
                // the abort closes the socket at once: an end of stream, or a reset when it did not linger
                int read;
                try {
                    do {
                        read = in.read(buffer);
                    } while (read > 0);
                } catch (SocketException reset) {
                    assertThat(reset.getMessage()).contains("reset");
                    read = -1;
                }
                assertThat(read).as("the client closed the connection").isEqualTo(-1);
            } finally {
                silentCalls.close();
                client.close();
            }
        }
    }

    @Test
    void nobodyListeningIsAnUpstreamError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CortexAgentClient elsewhere = new CortexAgentClient(
                TestSettings.inline(URI.create("http://127.0.0.1:" + closedPort), TestSettings.NO_TOOLS), Clock.systemUTC());
        try (CortexCalls refused = new CortexCalls(elsewhere)) {
            assertThatThrownBy(() -> refused.post("/x", json.createObjectNode(), Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR));
        } finally {
            elsewhere.close();
        }
    }

    /** The route file in a CamelContext of its own, with the beans it names, calling {@code agentClient}'s base URL. */
    private static final class CortexCalls implements AutoCloseable {

        private final CamelContext camel = new DefaultCamelContext();
        private final ProducerTemplate routes;

        CortexCalls(CortexAgentClient agentClient) {
            try {
                camel.getRegistry().bind("cortexIdentity", new CortexIdentity(agentClient));
                camel.getRegistry().bind("cortexAnswers", new CortexAnswers(Clock.systemUTC()));
                camel.getRegistry().bind("cortexCalls", new GuardedHttpCalls(UpstreamTracing.off(), "cortex", true, 1 << 20));
                RoutesLoader loader = PluginHelper.getRoutesLoader(camel);
                // tool-pipeline.yaml holds the tool-steps route configuration the call route runs under
                loader.loadRoutes(ResourceHelper.resolveResource(camel, "classpath:routes/tools/tool-pipeline.yaml"),
                        ResourceHelper.resolveResource(camel, "classpath:routes/tools/cortex-call.yaml"));
                camel.start();
                routes = camel.createProducerTemplate();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Runs the route on this thread (under its CancelScope); its GatewayException is rethrown, its answer returned. */
        JsonNode post(String path, JsonNode body, Duration timeout) {
            Exchange done = routes.send("direct:cortex-call", exchange -> {
                exchange.getMessage().setBody(body);
                exchange.setProperty(ExchangeKeys.CORTEX_PATH, path);
                exchange.setProperty(ExchangeKeys.CORTEX_TIMEOUT_MILLIS, timeout.toMillis());
            });
            if (done.getException() instanceof RuntimeException failure) {
                throw failure;
            } else if (done.getException() != null) {
                throw new AssertionError(done.getException());
            }
            return done.getMessage().getBody(JsonNode.class);
        }

        @Override
        public void close() {
            camel.stop();
        }
    }
}
