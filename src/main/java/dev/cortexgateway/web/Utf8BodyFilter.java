package dev.cortexgateway.web;

import dev.cortexgateway.config.GatewayHttpProperties;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.ErrorEnvelope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request body that is not valid UTF-8 with 400 before any route reads it. JSON is UTF-8
 * by definition (RFC 8259), and Camel's stream caching fails on such bytes with an exception that
 * would otherwise surface as a 500. Runs after {@link BodySizeLimitFilter}, so at most
 * {@code gateway.http.max-body-bytes} are read here. Form bodies are checked by
 * {@link BodyMediaTypeFilter}, which runs first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 12)
public final class Utf8BodyFilter extends OncePerRequestFilter {

    private final long limit;
    private final EnvelopeWriter writer;

    public Utf8BodyFilter(GatewayHttpProperties properties, EnvelopeWriter writer) {
        this.limit = properties.maxBodyBytes();
        this.writer = writer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!hasBody(request) || isForm(request.getContentType())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit));
        if (!isUtf8(body)) {
            writer.write(response, ErrorEnvelope.of(ErrorCode.INVALID_REQUEST.name(), false,
                    "The request body is not valid UTF-8", "Send JSON encoded as UTF-8", Map.of(), TraceIds.of(request)));
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
