package dev.cortexgateway.route;

import dev.cortexgateway.auth.ClientOrigins;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.jwt.TokenVerifier;
import dev.cortexgateway.jwt.VerifiedToken;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * The authenticate/authorize step of a protected route, one line in its YAML pipeline:
 * {@code bean: {ref: tokenCheck, method: "require(*, 'chat')"}}. Accepts a Bearer token in the
 * Authorization header only (a token in the query string ends up in proxy and access logs, so it is
 * refused even when valid), verifies it, refuses it from a browser origin its client does not list
 * (403 CORS_REJECTED), then demands the route's scope. The caller is left in the
 * exchange property {@code principal} ({@link ExchangeKeys#PRINCIPAL}).
 */
@Component("tokenCheck")
public final class TokenCheck {

    private static final Pattern TOKEN_IN_QUERY =
            Pattern.compile("(^|&)(access_token|token|jwt|id_token)=", Pattern.CASE_INSENSITIVE);

    private final TokenVerifier verifier;
    private final ClientOrigins origins;

    public TokenCheck(TokenVerifier verifier, ClientOrigins origins) {
        this.verifier = verifier;
        this.origins = origins;
    }

    /** Any valid token, whatever its scopes. */
    public VerifiedToken authenticate(Exchange exchange) {
        VerifiedToken caller = verified(exchange);
        exchange.setProperty(ExchangeKeys.PRINCIPAL, caller);
        return caller;
    }

    public VerifiedToken require(Exchange exchange, String scope) {
        VerifiedToken caller = verified(exchange);
        if (!caller.hasScope(scope)) {
            throw new GatewayException(ErrorCode.FORBIDDEN, "This endpoint needs the '" + scope + "' scope",
                    "Use a client that is granted the '" + scope + "' scope", Map.of("requiredScope", scope));
        }
        exchange.setProperty(ExchangeKeys.PRINCIPAL, caller);
        return caller;
    }

    /**
     * Demands one of several scopes, for routes that serve more than one audience:
     * {@code method: "requireAny(*, 'admin bench')"} (scopes separated by spaces).
     */
    public VerifiedToken requireAny(Exchange exchange, String scopes) {
        VerifiedToken caller = verified(exchange);
        List<String> accepted = List.of(scopes.trim().split("\\s+"));
        if (accepted.stream().noneMatch(caller::hasScope)) {
            String names = String.join("' or '", accepted);
            throw new GatewayException(ErrorCode.FORBIDDEN, "This endpoint needs the '" + names + "' scope",
                    "Use a client that is granted the '" + names + "' scope", Map.of("requiredScope", accepted));
        }
        exchange.setProperty(ExchangeKeys.PRINCIPAL, caller);
        return caller;
    }

    private VerifiedToken verified(Exchange exchange) {
        String query = exchange.getIn().getHeader(Exchange.HTTP_QUERY, String.class);
        if (query != null && TOKEN_IN_QUERY.matcher(query).find()) {
            throw new GatewayException(ErrorCode.UNAUTHORIZED, "Tokens are not accepted in the query string",
                    "Send the token as 'Authorization: Bearer <token>'", Map.of());
        }
        String authorization = exchange.getIn().getHeader("Authorization", String.class);
        if (authorization == null || authorization.isBlank()) {
            throw new GatewayException(ErrorCode.UNAUTHORIZED, "This endpoint needs a token",
                    "Send 'Authorization: Bearer <token>'", Map.of());
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
            throw new GatewayException(ErrorCode.UNAUTHORIZED, "The Authorization header is not a Bearer token",
                    "Send 'Authorization: Bearer <token>'", Map.of());
        }
        VerifiedToken caller = verifier.verify(authorization.substring(7).trim());
        // a browser page may use only the tokens of a client that lists the page's origin
        origins.requireAllowed(caller.clientId(), exchange.getIn().getHeader(HttpHeaders.ORIGIN, String.class));
        return caller;
    }
}
