package dev.cortexgateway.web;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.cortexgateway.metrics.GatewayOverhead;
import dev.cortexgateway.metrics.RouteTraffic;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First thing every request meets: gives it a trace id (answered in {@code X-Trace-Id}) and writes
 * one access line when it is finished, also for async requests and streams. The line carries
 * method, path, status, route and duration only: never a body, a query string or a header value,
 * which is where tokens and secrets travel.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class AccessLogFilter extends OncePerRequestFilter {

    public static final String ROUTE_ATTRIBUTE = "gateway.routeId";
    private static final Logger ACCESS = LoggerFactory.getLogger("gateway.access");

    private final RouteTraffic traffic;

    public AccessLogFilter(RouteTraffic traffic) {
        this.traffic = traffic;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        request.setAttribute(GatewayOverhead.STARTED_ATTRIBUTE, started); // for the gateway-overhead measure
        String traceId = TraceIds.resolve(request);
        request.setAttribute(TraceIds.ATTRIBUTE, traceId);
        response.setHeader(TraceIds.HEADER, traceId);
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new LogWhenDone(request, response, started));
            } else {
                log(request, response, started);
            }
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        // the listener registered on the first dispatch writes the line for the whole exchange
        return true;
    }

    private void log(HttpServletRequest request, HttpServletResponse response, long started) {
        long durationNanos = System.nanoTime() - started;
        long durationMs = durationNanos / 1_000_000;
        Object route = request.getAttribute(ROUTE_ATTRIBUTE);
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

        LogWhenDone(HttpServletRequest request, HttpServletResponse response, long started) {
            this.request = request;
            this.response = response;
            this.started = started;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            log(request, response, started);
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
