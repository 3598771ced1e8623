package dev.cortexgateway.web;

import dev.cortexgateway.metrics.GatewayOverhead;
import dev.cortexgateway.metrics.RouteTraffic;
import dev.cortexgateway.tracing.ServerSpans;
import dev.cortexgateway.tracing.ServerSpans.ServerSpan;
import io.opentelemetry.context.Scope;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First thing every request meets: opens its server span (tracing/ServerSpans), gives it a trace id
 * (answered in {@code X-Trace-Id}, and the span's own whenever there is a trace, so logs, header and
 * traces agree) and writes one access line when it is finished, also for async requests and
 * streams. Lines logged on the request's thread carry the trace id too. The access line carries
 * method, path, status, route and duration only: never a body, a query string or a header value,
 * which is where tokens and secrets travel.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class AccessLogFilter extends OncePerRequestFilter {

    public static final String ROUTE_ATTRIBUTE = "gateway.routeId";
    private static final Logger ACCESS = LoggerFactory.getLogger("gateway.access");

    private final RouteTraffic traffic;
    private final ServerSpans spans;

    public AccessLogFilter(RouteTraffic traffic, ServerSpans spans) {
        this.traffic = traffic;
        this.spans = spans;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        request.setAttribute(GatewayOverhead.STARTED_ATTRIBUTE, started); // for the gateway-overhead measure
        ServerSpan span = spans.start(request);
        String traceId = span.traceId() != null ? span.traceId() : TraceIds.resolve(request);
        request.setAttribute(TraceIds.ATTRIBUTE, traceId);
        response.setHeader(TraceIds.HEADER, traceId);
        MDC.put("traceId", traceId);
        try (Scope current = span.makeCurrent()) {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("traceId");
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new LogWhenDone(request, response, started, span));
            } else {
                log(request, response, started, span);
            }
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        // the listener registered on the first dispatch writes the line for the whole exchange
        return true;
    }

    private void log(HttpServletRequest request, HttpServletResponse response, long started, ServerSpan span) {
        long durationNanos = System.nanoTime() - started;
        long durationMs = durationNanos / 1_000_000;
        Object route = request.getAttribute(ROUTE_ATTRIBUTE);
        span.end(response.getStatus(), route == null ? null : route.toString());
        if (route != null) {
            traffic.record(route.toString(), response.getStatus(), durationNanos);
        }
        MDC.put("traceId", TraceIds.of(request));
        MDC.put("route", route == null ? "-" : route.toString());
        MDC.put("method", request.getMethod());
        MDC.put("path", request.getRequestURI());
        MDC.put("status", Integer.toString(response.getStatus()));
        MDC.put("durationMs", Long.toString(durationMs));
        try {
            ACCESS.info("{} {} {} {}ms", request.getMethod(), request.getRequestURI(), response.getStatus(), durationMs);
        } finally {
            MDC.clear();
        }
    }

    private final class LogWhenDone implements AsyncListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final long started;
        private final ServerSpan span;

        LogWhenDone(HttpServletRequest request, HttpServletResponse response, long started, ServerSpan span) {
            this.request = request;
            this.response = response;
            this.started = started;
            this.span = span;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            log(request, response, started, span);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
