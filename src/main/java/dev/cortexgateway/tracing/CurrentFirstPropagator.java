package dev.cortexgateway.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;

/**
 * The propagator Camel's tracer is given. Camel 4.17 starts an exchange's first span from the message
 * headers only, so a route called from Java (the chat bridge, a tool's pipeline) or run on
 * platform-http's executor would begin a trace of its own. This one continues the span current on
 * the thread (the request's server span, or the route that called) and reads the headers only when
 * there is none. Injecting is W3C's, unchanged.
 */
final class CurrentFirstPropagator implements TextMapPropagator {

    private final TextMapPropagator headers;

    CurrentFirstPropagator(TextMapPropagator headers) {
        this.headers = headers;
    }

    @Override
    public Collection<String> fields() {
        return headers.fields();
    }

    @Override
    public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
        headers.inject(context, carrier, setter);
    }

    @Override
    public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
        Context current = Context.current();
        if (Span.fromContext(current).getSpanContext().isValid()) {
            return current;
        }
        return headers.extract(context, carrier, getter);
    }
}
