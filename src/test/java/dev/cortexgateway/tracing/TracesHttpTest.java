package dev.cortexgateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.chat.SseTestClient;
import dev.cortexgateway.simulator.ReceivedTraceparents;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Traces end to end with tracing on (an in-memory exporter beside OTLP to a stand-in collector): the span tree of a chat
 * and of a tool call, from the request's server span through Camel's route spans to the client span
 * of the Cortex call, whose {@code traceparent} the simulator receives; and a client's traceparent
 * continued.
 */
@CamelSpringBootTest
@SpringBootTest(classes = {GatewayApplication.class, TracesHttpTest.InMemorySpans.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class TracesHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AttributeKey<String> UPSTREAM = AttributeKey.stringKey("gateway.upstream");
    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("gateway.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    @TestConfiguration(proxyBeanMethods = false)
    static class InMemorySpans {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }

        @Bean
        SpanProcessor inMemorySpanProcessor(InMemorySpanExporter exporter) {
            return SimpleSpanProcessor.create(exporter);
        }
    }

    /** A stand-in OTLP collector: notes the content type of each traces POST it receives. */
    private static final List<String> COLLECTED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final HttpServer COLLECTOR = collector();

    @DynamicPropertySource
    static void exportTo(DynamicPropertyRegistry settings) {
        settings.add("gateway.tracing.otlp.endpoint", () -> "http://127.0.0.1:" + COLLECTOR.getAddress().getPort() + "/v1/traces");
    }

    @AfterAll
    static void stopCollector() {
        COLLECTOR.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    ReceivedTraceparents simulatorReceived;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aChatIsOneTraceFromTheServerSpanThroughTheRoutesToTheCortexCall() throws Exception {
        String token = token("demo-admin", "demo-admin-test-secret");
        UUID session = UUID.randomUUID();
        SseTestClient.Connection stream = new SseTestClient(port).post("/api/v1/chat", Map.of("sessionId", session.toString(),
                "messages", List.of(Map.of("id", UUID.randomUUID().toString(), "role", "user",
                        "content", "How many customers are there?", "timestamp", "2026-11-25T10:00:00Z"))),
                Map.of("Authorization", "Bearer " + token));
        assertThat(stream.status()).isEqualTo(200);
        String traceId = stream.header("X-Trace-Id");
        assertThat(traceId).matches("[0-9a-f]{32}");
        List<SseTestClient.Event> events = stream.rest(WAIT);
        assertThat(events.get(events.size() - 1).name()).isEqualTo("final");

        SpanData cortex = awaitSpan(traceId, s -> s.getKind() == SpanKind.CLIENT && "cortex".equals(s.getAttributes().get(UPSTREAM)));
        assertThat(cortex.getAttributes().get(URL_PATH)).endsWith(":run");
        assertThat(cortex.getAttributes().get(STATUS)).isEqualTo(200);
        assertThat(cortex.getStatus().getStatusCode()).as("a finished stream is no failure").isNotEqualTo(StatusCode.ERROR);
        SpanData server = awaitSpan(traceId, s -> s.getKind() == SpanKind.SERVER);
        assertThat(server.getParentSpanContext().isValid()).as("a new trace: the client sent none").isFalse();
        assertThat(server.getName()).isEqualTo("POST chat-stream");

        List<SpanData> path = ancestors(cortex, traceId);
        assertThat(path.get(path.size() - 1).getSpanId()).as("the Cortex call descends from the server span")
                .isEqualTo(server.getSpanId());
        assertThat(path).as("Camel's route spans between them")
                .anyMatch(s -> s.getInstrumentationScopeInfo().getName().equals("camel") && s.getName().equals("chat"));

        assertThat(simulatorReceived.all()).as("the simulator received the Cortex call's traceparent")
                .anyMatch(r -> r.traceparent().equals("00-" + traceId + "-" + cortex.getSpanId() + "-01"));
    }

    @Test
    void aToolCallIsOneTraceDownToItsCortexCallOnThePoolThread() throws Exception {
        String token = token("test-tools-service", "tools-service-test-secret");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/api/v1/tools/cortex_analyst_text_to_sql"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"What was the revenue by quarter?\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String traceId = answer.headers().firstValue("X-Trace-Id").orElseThrow();

        SpanData cortex = awaitSpan(traceId, s -> s.getKind() == SpanKind.CLIENT && "cortex".equals(s.getAttributes().get(UPSTREAM)));
        SpanData server = awaitSpan(traceId, s -> s.getKind() == SpanKind.SERVER);
        assertThat(server.getAttributes().get(ROUTE)).isEqualTo("tools-call");

        List<SpanData> path = ancestors(cortex, traceId);
        assertThat(path.get(path.size() - 1).getSpanId()).isEqualTo(server.getSpanId());
        assertThat(path).extracting(SpanData::getName).as("the tool's own pipeline, run on a pool thread, is in the tree")
                .contains("tool-cortex_analyst_text_to_sql");
        assertThat(simulatorReceived.all())
                .anyMatch(r -> r.traceparent().equals("00-" + traceId + "-" + cortex.getSpanId() + "-01"));
    }

    @Test
    void aClientsTraceparentIsContinuedAndItsTraceIdAnswered() throws Exception {
        String clientTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String clientSpan = "00f067aa0ba902b7";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/api/v1/health"))
                .header("traceparent", "00-" + clientTrace + "-" + clientSpan + "-01").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Trace-Id")).hasValue(clientTrace);
        assertThat(answer.headers().firstValue("traceparent")).as("Camel's trace headers stay inside").isEmpty();

        SpanData server = awaitSpan(clientTrace, s -> s.getKind() == SpanKind.SERVER);
        assertThat(server.getParentSpanContext().getSpanId()).isEqualTo(clientSpan);
        assertThat(server.getParentSpanContext().isRemote()).isTrue();
        SpanData route = awaitSpan(clientTrace, s -> s.getInstrumentationScopeInfo().getName().equals("camel")
                && s.getParentSpanId().equals(server.getSpanId()));
        assertThat(route.getTraceId()).isEqualTo(clientTrace);
    }

    @Test
    void withTracingOnTheAnsweredTraceIdIsTheSpansEvenWhenTheClientNamedOne() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/api/v1/health"))
                .header("X-Trace-Id", "client-trace-0001").GET().build(), HttpResponse.BodyHandlers.ofString());
        String traceId = answer.headers().firstValue("X-Trace-Id").orElseThrow();
        assertThat(traceId).matches("[0-9a-f]{32}");
        awaitSpan(traceId, s -> s.getKind() == SpanKind.SERVER);
    }

    @Test
    void theOtlpSettingSendsTheSpansToTheCollector() throws Exception {
        http.send(HttpRequest.newBuilder(uri("/api/v1/health")).GET().build(), HttpResponse.BodyHandlers.discarding());
        // batched: the exporter sends within its schedule delay (5 s)
        await().atMost(WAIT).until(() -> COLLECTED.contains("POST /v1/traces application/x-protobuf"));
    }

    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                COLLECTED.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type"));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The span's parents inside the trace, nearest first, up to the trace's root. */
    private List<SpanData> ancestors(SpanData span, String traceId) {
        List<SpanData> trace = trace(traceId);
        List<SpanData> path = new java.util.ArrayList<>();
        SpanData at = span;
        while (at.getParentSpanContext().isValid() && !at.getParentSpanContext().isRemote()) {
            String parentId = at.getParentSpanId();
            Optional<SpanData> parent = trace.stream().filter(s -> s.getSpanId().equals(parentId)).findFirst();
            assertThat(parent).as("parent %s of %s in %s", parentId, at.getName(), names(trace)).isPresent();
            at = parent.get();
            path.add(at);
        }
        return path;
    }

    private SpanData awaitSpan(String traceId, java.util.function.Predicate<SpanData> which) {
        return await().atMost(WAIT).until(() -> trace(traceId).stream().filter(which).findFirst(), Optional::isPresent).get();
    }

    private List<SpanData> trace(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    private static List<String> names(List<SpanData> trace) {
        return trace.stream().map(s -> s.getName() + "(" + s.getKind() + ")").toList();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String token(String clientId, String secret) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\",\"client_id\":\"" + clientId
                        + "\",\"client_secret\":\"" + secret + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("access_token").asText();
    }
}
