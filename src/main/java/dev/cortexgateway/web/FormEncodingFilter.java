package dev.cortexgateway.web;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.ErrorEnvelope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rejects a form-encoded body with broken percent-encoding with 400 before Camel sees it: Camel's
 * HTTP binding decodes form bodies into headers while it builds the exchange, outside any route's
 * error handling, and would answer 500 and log the offending text. Runs after the size limit, so
 * the body it buffers is bounded.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public final class FormEncodingFilter extends OncePerRequestFilter {

    private final EnvelopeWriter writer;

    public FormEncodingFilter(EnvelopeWriter writer) {
        this.writer = writer;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readAllBytes();
        if (!wellFormed(new String(body, StandardCharsets.UTF_8))) {
            writer.write(response, ErrorEnvelope.of(ErrorCode.INVALID_REQUEST.name(), false,
                    "The form body is not valid URL encoding", "Percent-encode reserved characters (%XX)",
                    Map.of(), TraceIds.of(request)));
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private static boolean wellFormed(String form) {
        try {
            URLDecoder.decode(form, StandardCharsets.UTF_8);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
