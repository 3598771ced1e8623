package dev.cortexgateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Snowflake's front door for every simulator path ({@code /api/v2/...}): a request id on every
 * answer, and a valid credential required before any controller runs, so that a client with wrong
 * credentials fails here exactly as it would against Snowflake. A PAT or OAuth token (or a bearer
 * without a type header) must equal {@code gateway.simulator.token}; a KEYPAIR_JWT must be signed
 * by the key of {@code gateway.simulator.public-key}. Without those settings nothing passes.
 * Token values are never logged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public final class SimulatorAuthFilter extends OncePerRequestFilter {

    static final String TOKEN_TYPE_HEADER = "X-Snowflake-Authorization-Token-Type";
    private static final String PREFIX = "/api/v2/";
    private static final String BEARER = "bearer ";
    private static final Set<String> OPAQUE_TYPES = Set.of("PROGRAMMATIC_ACCESS_TOKEN", "OAUTH");

    private final ObjectMapper json;
    private final SimulatorRuns runs;
    private final KeyPairJwtCheck jwtCheck;
    private final byte[] token;

    public SimulatorAuthFilter(ObjectMapper json, SimulatorRuns runs, SimulatorProperties properties, Clock clock) {
        this.json = json;
        this.runs = runs;
        this.jwtCheck = new KeyPairJwtCheck(properties.publicKey(), clock);
        this.token = properties.token() == null || properties.token().isBlank() ? null
                : properties.token().strip().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = SnowflakeResponses.requestId(request, response);
        Optional<SnowflakeError> refusal = refusal(request);
        if (refusal.isPresent()) {
            SnowflakeResponses.writeError(response, json, refusal.get(), requestId);
            return;
        }
        chain.doFilter(request, response);
    }

    private Optional<SnowflakeError> refusal(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.substring(BEARER.length()).isBlank()) {
            return Optional.of(unauthorized(SnowflakeError.AUTH_MISSING,
                    "Authorization header with a Bearer token is required"));
        }
        String token = authorization.substring(BEARER.length()).strip();
        String type = request.getHeader(TOKEN_TYPE_HEADER);
        String normalized = type == null || type.isBlank() ? "ABSENT" : type.strip().toUpperCase(Locale.ROOT);
        if ("ABSENT".equals(normalized) || OPAQUE_TYPES.contains(normalized)) {
            if (!configuredToken(token)) {
                return Optional.of(unauthorized(SnowflakeError.TOKEN_INVALID, "Invalid access token"));
            }
            runs.calledWith(normalized);
            return Optional.empty();
        }
        if ("KEYPAIR_JWT".equals(normalized)) {
            Optional<String> problem = jwtCheck.problem(token);
            if (problem.isPresent()) {
                return Optional.of(unauthorized(SnowflakeError.JWT_INVALID, problem.get()));
            }
            runs.calledWith(normalized);
            return Optional.empty();
        }
        return Optional.of(unauthorized(SnowflakeError.TOKEN_TYPE_INVALID, "Unsupported authorization token type"));
    }

    private boolean configuredToken(String presented) {
        return this.token != null && MessageDigest.isEqual(this.token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static SnowflakeError unauthorized(String code, String message) {
        return new SnowflakeError(HttpStatus.UNAUTHORIZED, code, message, null);
    }
}
