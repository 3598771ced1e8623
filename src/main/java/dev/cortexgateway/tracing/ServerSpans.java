package dev.cortexgateway.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;

/**
 * Opens the server span of each request, continuing the client's W3C {@code traceparent} when it
 * sends a valid one. With tracing off the tracer records nothing and the "span" is the client's own
 * context passed through, so an upstream call still carries the client's trace.
 */
public final class ServerSpans {

    private static final TextMapGetter<HttpServletRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServletRequest request) {
            return Collections.list(request.getHeaderNames());
        }

        @Override
        public String get(HttpServletRequest request, String name) {
            return request == null ? null : request.getHeader(name);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public ServerSpans(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer(GatewayTelemetry.INSTRUMENTATION);
        this.propagator = telemetry.getPropagators().getTextMapPropagator();
    }

    public ServerSpan start(HttpServletRequest request) {
        Context parent = propagator.extract(Context.root(), request, HEADERS);
        Span span = tracer.spanBuilder(request.getMethod()).setParent(parent).setSpanKind(SpanKind.SERVER).startSpan();
        if (span.isRecording()) {
            // the path without its query string, which is where tokens could travel
            span.setAttribute("http.request.method", request.getMethod());
            span.setAttribute("url.path", request.getRequestURI());
        }
        return new ServerSpan(span, parent.with(span), request.getMethod());
    }

    /** One request's span: current while the filters and the handler run, ended when the answer is done. */
    public static final class ServerSpan {

        private final Span span;
        private final Context context;
        private final String method;

        ServerSpan(Span span, Context context, String method) {
            this.span = span;
            this.context = context;
            this.method = method;
        }

        /** The trace id (32 hex) when there is a trace, tracing on or a client's traceparent; else null. */
        public String traceId() {
            return span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
        }

        public Scope makeCurrent() {
            return context.makeCurrent();
        }

        /** Ends the span with the answer's status and the route that served it ({@code null} when none did). */
        public void end(int status, String route) {
            if (!span.isRecording()) {
                return;
            }
            span.setAttribute("http.response.status_code", status);
            if (route != null) {
                span.setAttribute("gateway.route", route);
                // route ids are few and stable, unlike paths with ids in them
                span.updateName(method + " " + route);
            }
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }
}
