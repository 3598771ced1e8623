package dev.cortexgateway.web;

import dev.cortexgateway.config.GatewayHttpProperties;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.ErrorEnvelope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rejects bodies over {@code gateway.http.max-body-bytes} with 413 before any route reads them.
 * A declared Content-Length is checked up front; a chunked body is read here, at most one byte past
 * the limit, so that no route ever sees a truncated body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public final class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long limit;
    private final EnvelopeWriter writer;

    public BodySizeLimitFilter(GatewayHttpProperties properties, EnvelopeWriter writer) {
        this.limit = properties.maxBodyBytes();
        this.writer = writer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            reject(request, response);
            return;
        }
        if (declared < 0 && request.getHeader("Transfer-Encoding") != null) {
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                reject(request, response);
                return;
            }
            chain.doFilter(new BufferedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // the connection is closed afterwards so that the unread body is not parsed as a next request
        response.setHeader("Connection", "close");
        writer.write(response, ErrorEnvelope.of(ErrorCode.PAYLOAD_TOO_LARGE.name(), false,
                "The request body is larger than the " + limit + " bytes this gateway accepts",
                "Send a smaller body", Map.of("maxBytes", limit), TraceIds.of(request)));
    }
}
