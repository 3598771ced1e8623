package dev.cortexgateway.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.List;

/**
 * Builds the gateway's OpenTelemetry. Off (no exporter): the API's no-op tracer with W3C propagation,
 * which allocates no spans and exports nothing, yet still passes a client's {@code traceparent} on.
 * On: the SDK, sampling as the caller did (parent-based, else always), spans batched to the OTLP
 * endpoint and to any other {@link SpanProcessor} bean (the tests' in-memory exporter).
 */
public final class GatewayTelemetry {

    /** The instrumentation scope of the gateway's own spans (Camel's are "camel"). */
    public static final String INSTRUMENTATION = "dev.cortexgateway";

    private static final ContextPropagators W3C = ContextPropagators.create(W3CTraceContextPropagator.getInstance());

    private GatewayTelemetry() {
    }

    public static OpenTelemetry off() {
        return OpenTelemetry.propagating(W3C);
    }

    /** Off when there is neither an OTLP endpoint nor another processor; the SDK otherwise. */
    public static OpenTelemetry create(TracingProperties.Otlp otlp, List<SpanProcessor> processors, Resource resource) {
        if (!otlp.on() && processors.isEmpty()) {
            return off();
        }
        SdkTracerProviderBuilder tracers = SdkTracerProvider.builder().setResource(resource);
        if (otlp.on()) {
            tracers.addSpanProcessor(BatchSpanProcessor.builder(
                    OtlpHttpSpanExporter.builder().setEndpoint(otlp.uri().toString()).build()).build());
        }
        processors.forEach(tracers::addSpanProcessor);
        return OpenTelemetrySdk.builder().setTracerProvider(tracers.build()).setPropagators(W3C).build();
    }

    public static boolean recording(OpenTelemetry telemetry) {
        return telemetry instanceof OpenTelemetrySdk;
    }
}
