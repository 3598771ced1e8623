package dev.cortexgateway.web;

import dev.cortexgateway.contract.RequestBodyTypes;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.ErrorEnvelope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body in a media type its operation does not take, before any framework parses
 * it. Camel's HTTP binding decodes every form-encoded POST body into headers while it builds the
 * exchange, outside any route's error handling: a body that is not {@code name=value} pairs failed
 * there with a 500, and the binding logged the offending text (a client secret, say). So:
 * <ul>
 *   <li>a form body on an operation whose contract does not list {@code application/x-www-form-urlencoded}:
 *       415 UNSUPPORTED_MEDIA_TYPE;</li>
 *   <li>a form body on one that does ({@code POST /api/v1/auth/token}) must be {@code name=value}
 *       pairs in valid percent-encoding, else 400 INVALID_REQUEST;</li>
 *   <li>a {@code charset} other than UTF-8 on any body: 415 (JSON is UTF-8, RFC 8259 8.1; the
 *       gateway decodes forms as UTF-8 too);</li>
 *   <li>a wildcard Content-Type ({@code *}{@code /*}), with or without a body: 415.</li>
 * </ul>
 * Neither the body nor the Content-Type's text is echoed or logged. Multipart bodies never get this
 * far as parts: multipart resolution is off (application.yaml), so routes answer them 415 like any
 * other media type they do not take. Runs after the size limit, so the body it buffers is bounded.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
public final class BodyMediaTypeFilter extends OncePerRequestFilter {

    static final String FORM = "application/x-www-form-urlencoded";

    private final EnvelopeWriter writer;
    private final RequestBodyTypes contract;

    public BodyMediaTypeFilter(EnvelopeWriter writer, RequestBodyTypes contract) {
        this.writer = writer;
        this.contract = contract;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getContentType() == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType().toLowerCase(Locale.ROOT);
        if (mediaType(contentType).contains("*")) {
            // Spring's request wrapper (the WebSocket handshake's, say) throws on it: a 500
            unsupported(request, response, "The Content-Type must name one media type, not a wildcard",
                    "Send Content-Type: application/json");
            return;
        }
        if (!hasBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (!utf8(contentType)) {
            unsupported(request, response, "Request bodies are read as UTF-8 only",
                    "Encode the body as UTF-8 and send charset=utf-8 or no charset");
            return;
        }
        if (!mediaType(contentType).equals(FORM)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Set<String>> accepted = contract.of(request.getMethod(), request.getRequestURI());
        if (accepted.isEmpty()) {
            // no operation here: the 404 or 405 comes next, and no route reads the body
            chain.doFilter(request, response);
            return;
        }
        if (!accepted.get().contains(FORM)) {
            unsupported(request, response, "This endpoint does not accept form-encoded bodies",
                    accepted.get().isEmpty() ? "Send no body" : "Send the body as " + String.join(" or ", accepted.get()));
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        if (!wellFormed(new String(body, StandardCharsets.UTF_8))) {
            writer.write(response, ErrorEnvelope.of(ErrorCode.INVALID_REQUEST.name(), false,
                    "The form body is not valid URL encoding",
                    "Send name=value pairs joined by '&', with reserved characters percent-encoded (%XX)",
                    Map.of(), TraceIds.of(request)));
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private void unsupported(HttpServletRequest request, HttpServletResponse response, String message, String hint)
            throws IOException {
        writer.write(response, ErrorEnvelope.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE.name(), false, message, hint,
                Map.of(), TraceIds.of(request)));
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    }

    /** True without a charset parameter or with charset=utf-8 (quoted or not). */
    static boolean utf8(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.split("=", 2);
            if (pair.length == 2 && pair[0].trim().equals("charset")) {
                String charset = pair[1].trim().replace("\"", "");
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Every {@code &}-separated part is {@code name=value} with a name, and the percent-encoding is
     * valid: what Camel's binding and {@code ClientCredentials} both read without failing. An empty
     * body is well-formed (the route then names the missing fields).
     */
    static boolean wellFormed(String form) {
        if (form.isEmpty()) {
            return true;
        }
        for (String pair : form.split("&")) {
            if (pair.indexOf('=') < 1) {
                return false;
            }
        }
        try {
            URLDecoder.decode(form, StandardCharsets.UTF_8);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
