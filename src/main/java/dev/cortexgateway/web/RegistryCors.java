package dev.cortexgateway.web;

import dev.cortexgateway.auth.ClientOrigins;
import dev.cortexgateway.auth.CorsProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * The CORS configuration of every handler mapping (installed by {@link CorsRejections}): a request
 * from an origin some enabled client in the registry lists is allowed, with the API's methods and
 * headers; any other origin gets a configuration that allows nothing, so Spring's processor refuses
 * it (403 CORS_REJECTED). Which client may use which origin is checked later, where the caller is
 * known (the token check and the token endpoints), docs/decisions/0019-cors-from-the-client-registry.md.
 */
@Component
public final class RegistryCors implements CorsConfigurationSource {

    /** Every method the API's operations use. */
    public static final List<String> METHODS = List.of("GET", "POST", "DELETE");
    /** The request headers a browser client sends beyond the CORS-safelisted ones. */
    public static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Last-Event-ID",
            "X-Client-Version", "x-idempotency-key", "traceparent", ContentNegotiationFilter.ACCEPT_VERSION_HEADER);
    /** The response headers a browser client may read beyond the CORS-safelisted ones. */
    public static final List<String> EXPOSED_HEADERS = List.of("X-Stream-Id", TraceIds.HEADER, "X-RateLimit-Limit",
            "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Window", "Retry-After", "Location",
            ContentNegotiationFilter.VERSION_HEADER, "X-Session-Id");

    private static final CorsConfiguration NOTHING_ALLOWED = new CorsConfiguration();

    private final ClientOrigins origins;
    private final long maxAgeSeconds;

    public RegistryCors(ClientOrigins origins, CorsProperties properties) {
        this.origins = origins;
        this.maxAgeSeconds = properties.maxAge().toSeconds();
    }

    @Override
    public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return null;
        }
        // browsers apply no CORS to a WebSocket handshake; the WebSocket endpoint checks its Origin itself
        if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            return null;
        }
        if (!origins.anyClientAllows(origin)) {
            return NOTHING_ALLOWED;
        }
        CorsConfiguration allowed = new CorsConfiguration();
        allowed.setAllowedOrigins(List.of(origin));
        allowed.setAllowedMethods(METHODS);
        allowed.setAllowedHeaders(REQUEST_HEADERS);
        allowed.setExposedHeaders(EXPOSED_HEADERS);
        allowed.setMaxAge(maxAgeSeconds);
        // tokens travel in Authorization, never in cookies: nothing is to be sent with credentials
        allowed.setAllowCredentials(false);
        return allowed;
    }
}
