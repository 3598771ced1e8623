package dev.cortexgateway.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.net.URI;
import java.net.http.HttpClient;

/**
 * Makes the HTTP calls to upstreams (Cortex, http tools) traced: a client span per exchange and
 * the W3C {@code traceparent} sent along. With tracing off only the client's own trace, if it sent
 * one, is passed on.
 */
public final class UpstreamTracing {

    private static final UpstreamTracing OFF = new UpstreamTracing(GatewayTelemetry.off());

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public UpstreamTracing(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer(GatewayTelemetry.INSTRUMENTATION);
        this.propagator = telemetry.getPropagators().getTextMapPropagator();
    }

    /** For clients built outside Spring (unit tests): no spans, the current trace still passed on. */
    public static UpstreamTracing off() {
        return OFF;
    }

    /**
     * @param upstream   short name of the peer, in span names and the {@code gateway.upstream} attribute
     * @param recordPath whether the URL path may be recorded: yes for the gateway's own Snowflake paths,
     *                   no where a path can carry a caller's arguments
     */
    public HttpClient traced(HttpClient http, String upstream, boolean recordPath) {
        return new TracedHttpClient(http, tracer, propagator, upstream, recordPath);
    }

    /** Starts the client span of one exchange made by another client (Apache HttpClient under camel-http). */
    public ClientSpan start(String method, URI uri, String upstream, boolean recordPath) {
        return ClientSpan.start(tracer, propagator, method, uri, upstream, recordPath);
    }
}
