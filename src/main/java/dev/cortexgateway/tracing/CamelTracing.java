package dev.cortexgateway.tracing;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;

/**
 * Camel's own tracing (camel-opentelemetry2): a span for every route an exchange runs through and
 * every endpoint it is sent to. Installed only while tracing is on, so that with it off Camel does no
 * tracing work at all. Camel finds the {@link Tracer} and {@link ContextPropagators} beans by type.
 */
final class CamelTracing {

    CamelTracing(CamelContext camel, boolean on, Tracer tracer, ContextPropagators propagators) {
        // tracer and propagators are parameters so that their beans exist before Camel looks them up
        if (on && tracer != null && propagators != null) {
            new OpenTelemetryTracer().init(camel);
        }
    }
}
