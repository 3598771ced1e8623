package dev.cortexgateway.cortex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.cortexgateway.config.CortexProperties;
import dev.cortexgateway.config.CortexProperties.Agent;
import dev.cortexgateway.config.CortexProperties.Mode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.testing.Pacing;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a real HTTP server in this JVM that writes SSE with flushes and pauses. Waits
 * are generous upper bounds (latches), never "it must happen within 20 ms".
 */
class CortexAgentClientHttpTest {

    private static final long WAIT_S = 10;
    private static final String DELTA = "event: response.text.delta\ndata: {\"content_index\":0,\"text\":\"Hel\"}\n\n";
    private static final String RESPONSE = "event: response\ndata: {\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]}\n\n";

    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final AtomicReference<HttpHandler> scenario = new AtomicReference<>();
    private final AtomicReference<Headers> seenHeaders = new AtomicReference<>();
    private final AtomicReference<String> seenPath = new AtomicReference<>();
    private final AtomicReference<JsonNode> seenBody = new AtomicReference<>();
    /** Released at the end of every test so no server thread outlives it. */
    private final CountDownLatch testOver = new CountDownLatch(1);
    private final List<CortexAgentClient> clients = new ArrayList<>();
    private HttpServer server;
    private URI base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            seenPath.set(exchange.getRequestURI().getRawPath());
            seenHeaders.set(exchange.getRequestHeaders());
            seenBody.set(json.readTree(exchange.getRequestBody().readAllBytes()));
            try {
                scenario.get().handle(exchange);
            } finally {
                exchange.close();
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        testOver.countDown();
        clients.forEach(CortexAgentClient::close);
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private CortexAgentClient client(CortexProperties properties) {
        CortexAgentClient client = new CortexAgentClient(properties, Clock.systemUTC());
        clients.add(client);
        return client;
    }

    private CortexAgentClient client() {
        return client(TestSettings.withContext(TestSettings.inline(base, TestSettings.NO_TOOLS), "GATEWAY_ROLE", "GATEWAY_WH"));
    }

    private static void sse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("X-Snowflake-Request-ID", "req-header-1");
        exchange.sendResponseHeaders(200, 0);
    }

    private static void write(HttpExchange exchange, String text) throws IOException {
        OutputStream out = exchange.getResponseBody();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static HttpHandler status(int status, String body, String... headers) {
        return exchange -> {
            for (int i = 0; i < headers.length; i += 2) {
                exchange.getResponseHeaders().set(headers[i], headers[i + 1]);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    private boolean await(CountDownLatch latch) throws InterruptedException {
        return latch.await(WAIT_S, TimeUnit.SECONDS);
    }

    private void pauseUntilTestOver() {
        try {
            testOver.await(WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void eventsArriveWhileTheServerIsStillWritingAndResponseThenEofCompletes() throws Exception {
        CountDownLatch serverMayFinish = new CountDownLatch(1);
        CountDownLatch serverFinished = new CountDownLatch(1);
        scenario.set(exchange -> {
            sse(exchange);
            write(exchange, ": keep-alive\n\nevent: response.status\ndata: {\"status\":\"planning\"}\n\n");
            try {
                serverMayFinish.await(WAIT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            write(exchange, DELTA + "event: response.text.delta\ndata: {\"content_index\":0,\"text\":\"lo\"}\n\n");
            write(exchange, "event: brand.new.event\ndata: {\"x\":1}\n\n" + RESPONSE);
            serverFinished.countDown();
        });
        Recorder recorder = new Recorder();

        client().run(AgentRunInput.ofUserText("Hi"), recorder);

        assertThat(await(recorder.firstEvent)).isTrue();
        assertThat(serverFinished.getCount()).as("server still holding the rest back").isEqualTo(1);
        assertThat(recorder.names()).containsExactly("response.status");
        serverMayFinish.countDown();

        assertThat(await(recorder.done)).isTrue();
        assertThat(recorder.error.get()).isNull();
        assertThat(recorder.completions.get()).isEqualTo(1);
        assertThat(recorder.names()).containsExactly("response.status", "response.text.delta", "response.text.delta",
                "brand.new.event", "response");
        assertThat(recorder.events.get(1).data().get("text").asText()).isEqualTo("Hel");
        assertThat(recorder.events.get(4).data().get("content").get(0).get("text").asText()).isEqualTo("Hello");

        assertThat(seenPath.get()).isEqualTo("/api/v2/cortex/agent:run");
        Headers headers = seenHeaders.get();
        assertThat(headers.getFirst("Authorization")).isEqualTo("Bearer local-simulator-token");
        assertThat(headers.getFirst("X-Snowflake-Authorization-Token-Type")).isEqualTo("PROGRAMMATIC_ACCESS_TOKEN");
        assertThat(headers.getFirst("Accept")).isEqualTo("text/event-stream");
        assertThat(headers.getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(headers.getFirst("X-Snowflake-Role")).isEqualTo("GATEWAY_ROLE");
        assertThat(headers.getFirst("X-Snowflake-Warehouse")).isEqualTo("GATEWAY_WH");
        assertThat(seenBody.get().get("stream").booleanValue()).isTrue();
        assertThat(seenBody.get().get("messages").get(0).get("content").get(0).get("text").asText()).isEqualTo("Hi");
    }

    @Test
    void doneAfterResponseCompletesAndIsNotPassedOn() throws Exception {
        scenario.set(exchange -> {
            sse(exchange);
            write(exchange, DELTA + RESPONSE + "event: done\ndata: [DONE]\n\n");
            pauseUntilTestOver();
        });
        Recorder recorder = new Recorder();
        client().run(AgentRunInput.ofUserText("Hi"), recorder);

        assertThat(await(recorder.done)).isTrue();
        assertThat(recorder.completions.get()).isEqualTo(1);
        assertThat(recorder.names()).containsExactly("response.text.delta", "response");
    }

    @Test
    void endOfStreamWithoutResponseIsAnEarlyClose() throws Exception {
        scenario.set(exchange -> {
            sse(exchange);
            write(exchange, DELTA);
        });
        Recorder recorder = new Recorder();
        client().run(AgentRunInput.ofUserText("Hi"), recorder);

        GatewayException error = recorder.awaitError();
        assertThat(error.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(error.getMessage()).isEqualTo("upstream closed the stream early");
        assertThat(error.details()).containsEntry("upstreamRequestId", "req-header-1");
        assertThat(recorder.names()).containsExactly("response.text.delta");
    }

    @Test
    void anErrorEventEndsTheRunWithTheUpstreamCodeButNotItsText() throws Exception {
        scenario.set(exchange -> {
            sse(exchange);
            write(exchange, DELTA + "event: error\ndata: {\"code\":\"399504\",\"message\":\"Error during execution at host db-internal-7\","
                    + "\"request_id\":\"61987ff6-body\"}\n\n" + DELTA);
            pauseUntilTestOver();
        });
        Recorder recorder = new Recorder();
        client().run(AgentRunInput.ofUserText("Hi"), recorder);

        GatewayException error = recorder.awaitError();
        assertThat(error.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(error.details()).containsEntry("upstreamCode", "399504").containsEntry("upstreamRequestId", "61987ff6-body");
        assertThat(error.getMessage() + error.hint() + error.details()).doesNotContain("db-internal-7").doesNotContain("execution");
        assertThat(recorder.names()).containsExactly("response.text.delta");
    }

    @Test
    void rateLimitedWithRetryAfter() throws Exception {
        scenario.set(status(429, "{\"code\":\"429001\",\"message\":\"slow down\",\"request_id\":\"r-429\"}", "Retry-After", "7"));
        Recorder recorder = new Recorder();
        client().run(AgentRunInput.ofUserText("Hi"), recorder);

        GatewayException error = recorder.awaitError();
        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.code().retryable()).isTrue();
        assertThat(error.details()).containsEntry("retryAfterSeconds", 7L).containsEntry("upstreamStatus", 429)
                .containsEntry("upstreamRequestId", "r-429").containsEntry("upstreamCode", "429001");
    }

    @Test
    void rateLimitedWithoutRetryAfterHasNoDelay() throws Exception {
        scenario.set(status(429, "", "X-Snowflake-Request-ID", "r-hdr"));
        Recorder recorder = new Recorder();
        client().run(AgentRunInput.ofUserText("Hi"), recorder);

        GatewayException error = recorder.awaitError();
        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.details()).doesNotContainKey("retryAfterSeconds").containsEntry("upstreamRequestId", "r-hdr");
    }

    @Test
    void serviceUnavailableIsAnUpstreamError() throws Exception {
        scenario.set(status(503, "<html>busy</html>", "X-Snowflake-Request-ID", "r-503"));
        Recorder recorder = new Recorder();
        client().run(AgentRunInput.ofUserText("Hi"), recorder);

        GatewayException error = recorder.awaitError();
        assertThat(error.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(error.details()).containsEntry("upstreamStatus", 503).containsEntry("upstreamRequestId", "r-503");
        assertThat(error.getMessage()).doesNotContain("busy");
    }

    @Test
    void refusedCredentialsBlameTheGatewayNotTheClient() throws Exception {
        scenario.set(status(401, "{\"code\":\"390303\",\"message\":\"Invalid OAuth access token\",\"request_id\":\"r-401\"}"));
        Recorder recorder = new Recorder();
        client().run(AgentRunInput.ofUserText("Hi"), recorder);

        GatewayException error = recorder.awaitError();
        assertThat(error.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(error.getMessage()).contains("gateway's credentials");
        assertThat(error.hint()).contains("Not a problem with your request").contains("gateway's own Snowflake credentials");
        assertThat(error.details()).containsEntry("upstreamStatus", 401).containsEntry("upstreamCode", "390303")
                .containsEntry("upstreamRequestId", "r-401");
    }

    @Test
    void badRequestAndGatewayTimeoutStatuses() throws Exception {
        scenario.set(status(400, "{\"code\":\"390142\",\"message\":\"bad\"}"));
        Recorder badRequest = new Recorder();
        client().run(AgentRunInput.ofUserText("Hi"), badRequest);
        GatewayException error = badRequest.awaitError();
        assertThat(error.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(error.details()).containsEntry("upstreamStatus", 400).containsEntry("upstreamCode", "390142");

        scenario.set(status(504, ""));
        Recorder timeout = new Recorder();
        client().run(AgentRunInput.ofUserText("Hi"), timeout);
        assertThat(timeout.awaitError().code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
    }

    @Test
    void connectionRefusedIsAnUpstreamError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Recorder recorder = new Recorder();
        client(TestSettings.inline(URI.create("http://127.0.0.1:" + closedPort), TestSettings.NO_TOOLS))
                .run(AgentRunInput.ofUserText("Hi"), recorder);

        GatewayException error = recorder.awaitError();
        assertThat(error.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(error.getMessage()).isEqualTo("could not connect to Snowflake Cortex");
    }

    @Test
    void silenceMidStreamEndsTheRunWithTimeoutAndDropsTheConnection() throws Exception {
        CountDownLatch clientGaveUp = new CountDownLatch(1);
        CountDownLatch serverSawClose = new CountDownLatch(1);
        scenario.set(exchange -> {
            sse(exchange);
            write(exchange, DELTA);
            silentUntilThenProbe(exchange, clientGaveUp, serverSawClose);
        });
        Recorder recorder = new Recorder();
        long started = System.nanoTime();
        client(TestSettings.withInactivity(TestSettings.inline(base, TestSettings.NO_TOOLS), Duration.ofMillis(500)))
                .run(AgentRunInput.ofUserText("Hi"), recorder);

        GatewayException error = recorder.awaitError();
        clientGaveUp.countDown();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(error.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
        assertThat(recorder.names()).containsExactly("response.text.delta");
        assertThat(await(serverSawClose)).as("the server sees the connection closed").isTrue();
    }

    /**
     * Stays silent until the client has given up, then probes with comment lines until a write fails
     * (the first writes after the peer closed can still succeed).
     */
    private void silentUntilThenProbe(HttpExchange exchange, CountDownLatch clientGaveUp, CountDownLatch sawClose) {
        try {
            clientGaveUp.await(WAIT_S, TimeUnit.SECONDS);
            for (int i = 0; i < 200; i++) {
                write(exchange, ": probe\n\n");
                Pacing.pause(Duration.ofMillis(50));
            }
        } catch (IOException closed) {
            sawClose.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void silenceBeforeTheHeadersAlsoTimesOut() throws Exception {
        scenario.set(exchange -> pauseUntilTestOver());
        Recorder recorder = new Recorder();
        client(TestSettings.withInactivity(TestSettings.inline(base, TestSettings.NO_TOOLS), Duration.ofMillis(500)))
                .run(AgentRunInput.ofUserText("Hi"), recorder);

        assertThat(recorder.awaitError().code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void cancelClosesTheConnectionAndSilencesTheListener() throws Exception {
        CountDownLatch serverSawClose = new CountDownLatch(1);
        AtomicInteger written = new AtomicInteger();
        scenario.set(exchange -> {
            sse(exchange);
            try {
                for (int i = 0; i < 400; i++) {
                    write(exchange, DELTA);
                    written.incrementAndGet();
                    Pacing.pause(Duration.ofMillis(25));
                }
            } catch (IOException closed) {
                serverSawClose.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Recorder recorder = new Recorder();
        CortexRun run = client().run(AgentRunInput.ofUserText("Hi"), recorder);
        assertThat(await(recorder.firstEvent)).isTrue();

        run.cancel();
        int seenAtCancel = recorder.events.size();
        assertThat(await(serverSawClose)).as("the server sees the connection closed").isTrue();
        run.cancel();

        assertThat(written.get()).isLessThan(400);
        assertThat(recorder.events).hasSize(seenAtCancel);
        assertThat(recorder.completions.get() + recorder.errors.get()).isZero();
    }

    @Test
    void aFailingListenerEndsTheRunAndTheExchange() throws Exception {
        CountDownLatch serverSawClose = new CountDownLatch(1);
        scenario.set(exchange -> {
            sse(exchange);
            write(exchange, DELTA);
            try {
                for (int i = 0; i < 400; i++) {
                    Pacing.pause(Duration.ofMillis(25));
                    write(exchange, ": more\n\n");
                }
            } catch (IOException closed) {
                serverSawClose.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Recorder recorder = new Recorder() {
            @Override
            public void onEvent(CortexEvent event) {
                throw new IllegalStateException("listener bug");
            }
        };
        client().run(AgentRunInput.ofUserText("Hi"), recorder);

        assertThat(recorder.awaitError().code()).isEqualTo(ErrorCode.INTERNAL_SERVER_ERROR);
        assertThat(await(serverSawClose)).isTrue();
    }

    @Test
    void legacyStreamsEndWithDoneAndReportCodedDataAsErrors() throws Exception {
        CortexProperties legacy = TestSettings.withAgent(TestSettings.inline(base, TestSettings.NO_TOOLS),
                new Agent(Mode.INLINE, null, null, null, "claude-3-5-sonnet", true, TestSettings.NO_TOOLS));
        String delta = "event: message.delta\ndata: {\"id\":\"msg_001\",\"object\":\"message.delta\","
                + "\"delta\":{\"content\":[{\"index\":0,\"type\":\"text\",\"text\":\"Hi\"}]}}\n\n";
        scenario.set(exchange -> {
            sse(exchange);
            write(exchange, delta + delta + "data: [DONE]\n\n");
            pauseUntilTestOver();
        });
        Recorder recorder = new Recorder();
        client(legacy).run(AgentRunInput.ofUserText("Hi"), recorder);
        assertThat(await(recorder.done)).isTrue();
        assertThat(recorder.completions.get()).isEqualTo(1);
        assertThat(recorder.names()).containsExactly("message.delta", "message.delta");
        assertThat(seenBody.get().get("model").asText()).isEqualTo("claude-3-5-sonnet");

        scenario.set(exchange -> {
            sse(exchange);
            write(exchange, delta + "data: {\"code\":\"399505\",\"message\":\"Internal server error\"}\n\n");
            pauseUntilTestOver();
        });
        Recorder failing = new Recorder();
        client(legacy).run(AgentRunInput.ofUserText("Hi"), failing);
        GatewayException error = failing.awaitError();
        assertThat(error.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(error.details()).containsEntry("upstreamCode", "399505");
        assertThat(failing.names()).containsExactly("message.delta");
    }

    @Test
    void objectModeCallsTheAgentsPath() throws Exception {
        scenario.set(exchange -> {
            sse(exchange);
            write(exchange, RESPONSE);
        });
        Recorder recorder = new Recorder();
        client(TestSettings.withAgent(TestSettings.inline(base, TestSettings.NO_TOOLS),
                new Agent(Mode.OBJECT, "SALES", "PUBLIC", "REVENUE_AGENT", "ignored", false, TestSettings.NO_TOOLS)))
                .run(AgentRunInput.ofUserText("Hi"), recorder);

        assertThat(await(recorder.done)).isTrue();
        assertThat(recorder.completions.get()).isEqualTo(1);
        assertThat(seenPath.get()).isEqualTo("/api/v2/databases/SALES/schemas/PUBLIC/agents/REVENUE_AGENT:run");
        assertThat(seenBody.get().has("models")).isFalse();
    }

    @Test
    void blockingRunsReturnTheResponsePayloadAndMapErrorsAlike() throws Exception {
        scenario.set(status(200, "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"42\"}]}"));
        JsonNode answer = client().runBlocking(AgentRunInput.ofUserText("Hi"));
        assertThat(answer.get("content").get(0).get("text").asText()).isEqualTo("42");
        assertThat(seenBody.get().get("stream").booleanValue()).isFalse();
        assertThat(seenHeaders.get().getFirst("Accept")).isEqualTo("application/json");

        scenario.set(status(429, "{}", "Retry-After", "3"));
        assertThatThrownBy(() -> client().runBlocking(AgentRunInput.ofUserText("Hi")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.details()).containsEntry("retryAfterSeconds", 3L);
                });

        scenario.set(status(200, "not json"));
        assertThatThrownBy(() -> client().runBlocking(AgentRunInput.ofUserText("Hi")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR));
    }

    /** Records one run; fails loudly on a second terminal call. */
    static class Recorder implements CortexEventListener {
        final List<CortexEvent> events = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstEvent = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicInteger completions = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicReference<GatewayException> error = new AtomicReference<>();
        final AtomicInteger eventsAfterEnd = new AtomicInteger();

        @Override
        public void onEvent(CortexEvent event) {
            if (done.getCount() == 0) {
                eventsAfterEnd.incrementAndGet();
            }
            events.add(event);
            firstEvent.countDown();
        }

        @Override
        public void onComplete() {
            completions.incrementAndGet();
            done.countDown();
        }

        @Override
        public void onError(GatewayException failure) {
            errors.incrementAndGet();
            error.set(failure);
            done.countDown();
        }

        List<String> names() {
            synchronized (events) {
                return events.stream().map(CortexEvent::name).toList();
            }
        }

        GatewayException awaitError() throws InterruptedException {
            assertThat(done.await(WAIT_S, TimeUnit.SECONDS)).as("run ended").isTrue();
            assertThat(completions.get()).isZero();
            assertThat(errors.get()).isEqualTo(1);
            assertThat(eventsAfterEnd.get()).isZero();
            return error.get();
        }
    }
}
