package dev.cortexgateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Snowflake's front door for every simulator path ({@code /api/v2/...}): a request id on every
 * answer, and a bearer token required before any controller runs, so that a client which forgets
 * its credentials fails here exactly as it would against Snowflake. Token values are never logged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
@ConditionalOnProperty(name = "gateway.simulator.enabled", havingValue = "true")
public final class SimulatorAuthFilter extends OncePerRequestFilter {

    static final String TOKEN_TYPE_HEADER = "X-Snowflake-Authorization-Token-Type";
    private static final String PREFIX = "/api/v2/";
    private static final String BEARER = "bearer ";
    private static final Set<String> OPAQUE_TYPES = Set.of("PROGRAMMATIC_ACCESS_TOKEN", "OAUTH");

    private final ObjectMapper json;
    private final SimulatorRuns runs;
    private final KeyPairJwtCheck jwtCheck;

    public SimulatorAuthFilter(ObjectMapper json, SimulatorRuns runs, SimulatorProperties properties, Clock clock) {
        this.json = json;
        this.runs = runs;
        this.jwtCheck = new KeyPairJwtCheck(properties.publicKey(), clock);
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
        if (type == null || type.isBlank()) {
            runs.calledWith("ABSENT");
            return Optional.empty();
        }
        String normalized = type.strip().toUpperCase(Locale.ROOT);
        if (OPAQUE_TYPES.contains(normalized)) {
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

    private static SnowflakeError unauthorized(String code, String message) {
        return new SnowflakeError(HttpStatus.UNAUTHORIZED, code, message, null);
    }
}
