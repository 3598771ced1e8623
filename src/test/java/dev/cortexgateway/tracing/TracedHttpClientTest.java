package dev.cortexgateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upstream calls with tracing on and off, against a real local HTTP server that notes the headers it gets. */
class TracedHttpClientTest {

    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void tracingOffCreatesNoSdkAndPassesTheClientsTraceOnUnchanged() throws Exception {
        OpenTelemetry off = GatewayTelemetry.create(new TracingProperties.Otlp(""), List.of(), Resource.getDefault());
        assertThat(GatewayTelemetry.recording(off)).isFalse();
        HttpClient http = new UpstreamTracing(off).traced(HttpClient.newHttpClient(), "cortex", true);

        try (Scope ignored = Context.root().with(Span.wrap(clientSpan())).makeCurrent()) {
            call(http);
        }
        call(http);

        assertThat(received).containsExactly("00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01", "null");
    }

    @Test
    void tracingOnMakesAClientSpanChildOfTheCurrentOneAndSendsItsTraceparent() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetry on = GatewayTelemetry.create(new TracingProperties.Otlp(""), List.of(SimpleSpanProcessor.create(spans)),
                Resource.getDefault());
        assertThat(GatewayTelemetry.recording(on)).isTrue();
        HttpClient http = new UpstreamTracing(on).traced(HttpClient.newHttpClient(), "http-tool", false);

        try (Scope ignored = Context.root().with(Span.wrap(clientSpan())).makeCurrent()) {
            call(http);
        }

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getName()).isEqualTo("GET http-tool");
        assertThat(span.getTraceId()).isEqualTo(CLIENT_TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(span.getAttributes().asMap().keySet()).extracting(Object::toString).doesNotContain("url.path");
        assertThat(received).containsExactly("00-" + CLIENT_TRACE + "-" + span.getSpanId() + "-01");
        ((OpenTelemetrySdk) on).close();
    }

    @Test
    void anOtlpEndpointThatIsNoUrlStopsStartUpNamingTheSetting() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TracingProperties.Otlp("localhost:4318").uri())
                .hasMessageContaining("gateway.tracing.otlp.endpoint");
    }

    private void call(HttpClient http) throws Exception {
        HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x"))
                .GET().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(answer.statusCode()).isEqualTo(204);
    }

    private static SpanContext clientSpan() {
        return SpanContext.createFromRemoteParent(CLIENT_TRACE, CLIENT_SPAN, TraceFlags.getSampled(), TraceState.getDefault());
    }
}
