package dev.cortexgateway.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.net.URI;
import java.util.function.BiConsumer;

/**
 * The client span of one upstream HTTP exchange, whichever client makes it (the JDK client of chat
 * runs, Apache HttpClient under camel-http for tool calls): a child of the span current on the
 * calling thread, named {@code <METHOD> <upstream>}, whose W3C trace headers go out with the request.
 */
public final class ClientSpan {

    private final Span span;
    private final TextMapPropagator propagator;

    private ClientSpan(Span span, TextMapPropagator propagator) {
        this.span = span;
        this.propagator = propagator;
    }

    static ClientSpan start(Tracer tracer, TextMapPropagator propagator, String method, URI uri, String upstream,
                            boolean recordPath) {
        Span span = tracer.spanBuilder(method + " " + upstream).setSpanKind(SpanKind.CLIENT).startSpan();
        if (span.isRecording()) {
            span.setAttribute("http.request.method", method);
            span.setAttribute("server.address", String.valueOf(uri.getHost()));
            span.setAttribute("server.port", uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
            span.setAttribute("gateway.upstream", upstream);
            if (recordPath) {
                // the gateway's own Snowflake paths; a tool's URL may carry the caller's arguments
                span.setAttribute("url.path", String.valueOf(uri.getRawPath()));
            }
        }
        return new ClientSpan(span, propagator);
    }

    /** Hands the trace headers to send ({@code traceparent}, and the caller's own when tracing is off) to {@code header}. */
    public void inject(BiConsumer<String, String> header) {
        propagator.inject(Context.current().with(span), header, (into, name, value) -> into.accept(name, value));
    }

    /** Notes the answer's status when its headers arrive; 4xx and 5xx mark the span failed. */
    public void answered(int status) {
        if (span.isRecording()) {
            span.setAttribute("http.response.status_code", status);
            if (status >= 400) {
                span.setStatus(StatusCode.ERROR);
            }
        }
    }

    /** Ends the span: cleanly when {@code failure} is null, as cancelled on purpose, or failed with the failure's type. */
    public void end(Throwable failure, boolean cancelled) {
        if (!span.isRecording()) {
            return;
        }
        if (cancelled) {
            // the caller ended the exchange on purpose: a streamed run that is done, a deadline, a client gone
            span.setAttribute("gateway.upstream.cancelled", true);
        } else if (failure != null) {
            span.setAttribute("error.type", failure.getClass().getName());
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
