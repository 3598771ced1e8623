package dev.cortexgateway.simulator;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Notes each {@code traceparent} that reaches the simulator ({@link ReceivedTraceparents}). */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
final class TraceparentFilter extends OncePerRequestFilter {

    private final ReceivedTraceparents received;

    TraceparentFilter(ReceivedTraceparents received) {
        this.received = received;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String traceparent = request.getHeader("traceparent");
        if (traceparent != null) {
            received.record(request.getRequestURI(), traceparent);
        }
        chain.doFilter(request, response);
    }
}
