package dev.cortexgateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.jwt.IssuedToken;
import dev.cortexgateway.jwt.JwtProperties;
import dev.cortexgateway.jwt.TokenIssuer;
import dev.cortexgateway.jwt.TokenVerifier;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.store.ClientStore;
import dev.cortexgateway.store.NonceStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Issues session tokens to public clients ({@code POST /api/v1/session/token}, routes/session.yaml).
 * A request without a token starts a new end-user session: a fresh random subject ({@code sub}).
 * A request that presents its current session token as {@code Authorization: Bearer} renews it:
 * the new token keeps the subject and the session's start (docs/identity.md).
 * Every refusal is 401 with one message for unknown and disabled clients alike, so the answer does
 * not reveal which client ids exist; an outdated client version gets a hint to upgrade. A browser
 * request from an origin the client does not list is refused 403 CORS_REJECTED.
 */
@Component("sessionTokens")
public final class SessionTokens {

    public static final String CLIENT_VERSION_HEADER = "X-Client-Version";

    private final ClientStore clients;
    private final NonceStore nonces;
    private final TokenIssuer issuer;
    private final JwtProperties jwt;
    private final ClientOrigins origins;
    private final TokenVerifier verifier;
    private final SessionProperties sessions;
    private final Clock clock;

    public SessionTokens(ClientStore clients, NonceStore nonces, TokenIssuer issuer, JwtProperties jwt,
                         ClientOrigins origins, TokenVerifier verifier, SessionProperties sessions, Clock clock) {
        this.origins = origins;
        this.verifier = verifier;
        this.sessions = sessions;
        this.clock = clock;
        this.clients = clients;
        this.nonces = nonces;
        this.issuer = issuer;
        this.jwt = jwt;
    }

    public Map<String, Object> issue(Exchange exchange) {
        JsonNode body = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        String clientId = body.get("clientId").asText();
        String nonce = SessionNonce.canonical(body.get("nonce").asText());
        ClientVersion version = clientVersion(exchange.getIn().getHeader(CLIENT_VERSION_HEADER, String.class));

        ClientStore.Client client = publicClient(clientId);
        // before the nonce is spent: a page on another client's origin gets no token for this one
        origins.requireAllowed(clientId, exchange.getIn().getHeader(HttpHeaders.ORIGIN, String.class));
        Optional<ClientVersion> minimum = Optional.ofNullable(client.minClientVersion()).flatMap(ClientVersion::parse);
        if (minimum.isPresent() && version.compareTo(minimum.get()) < 0) {
            throw new GatewayException(ErrorCode.UNAUTHORIZED, "This client version is no longer supported",
                    "Upgrade the client to version " + minimum.get() + " or later",
                    Map.of("minimumVersion", minimum.get().toString()));
        }
        // before the nonce is spent: a refused renewal can be sent again without the token
        VerifiedToken renewed = renewing(exchange, clientId);
        if (!nonces.markIfNew(clientId, nonce, jwt.sessionTokenTtl())) {
            throw new GatewayException(ErrorCode.UNAUTHORIZED, "This nonce was already used",
                    "Send a new random UUID as nonce with every token request", Map.of());
        }
        IssuedToken token = renewed == null
                ? issuer.sessionToken(clientId, Owner.newSubject(), null, List.copyOf(client.scopes()), version.toString())
                : issuer.sessionToken(clientId, renewed.subject(), renewed.sessionStart(), List.copyOf(client.scopes()),
                        version.toString());
        return Map.of("token", token.token(), "expiresInSec", token.expiresInSeconds());
    }

    /**
     * The current session token the request presents to keep its subject ({@code Authorization:
     * Bearer}), or null for a new session. A presented token that cannot renew is refused rather than
     * ignored: silently starting a new subject would cut the app off from its own streams and jobs.
     * It must be a session token of this very client (checked on the verified claims, so a tampered
     * token fails its signature first), expired at most {@code renewal-window} ago, and its subject's
     * session younger than {@code max-age}.
     */
    private VerifiedToken renewing(Exchange exchange, String clientId) {
        String authorization = exchange.getIn().getHeader(HttpHeaders.AUTHORIZATION, String.class);
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
            throw renewalRefused("The Authorization header is not a Bearer token", "not_bearer");
        }
        VerifiedToken current;
        try {
            current = verifier.verifyForRenewal(authorization.substring(7).trim(), sessions.renewalWindow());
        } catch (GatewayException invalid) {
            throw renewalRefused(invalid.getMessage().contains("expired")
                    ? "The session token expired too long ago to renew" : "The session token is not valid", "invalid_token");
        }
        if (current.subject() == null || !current.clientId().equals(clientId)) {
            throw renewalRefused("The token is not a session token of this client", "other_client");
        }
        if (!current.sessionStart().plus(sessions.maxAge()).isAfter(clock.instant())) {
            throw renewalRefused("The session is older than its maximum age", "max_age");
        }
        return current;
    }

    private static GatewayException renewalRefused(String message, String reason) {
        return new GatewayException(ErrorCode.UNAUTHORIZED, message,
                "Request a token without the Authorization header to start a new session", Map.of("renewal", reason));
    }

    private static ClientVersion clientVersion(String header) {
        if (header == null || header.isBlank()) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "The X-Client-Version header is required",
                    "Send the client's version, e.g. 'X-Client-Version: 1.4.2'", Map.of("header", CLIENT_VERSION_HEADER));
        }
        return ClientVersion.parse(header).orElseThrow(() -> new GatewayException(ErrorCode.INVALID_REQUEST,
                "The X-Client-Version header is not a version", "Use MAJOR.MINOR.PATCH, e.g. 1.4.2",
                Map.of("header", CLIENT_VERSION_HEADER)));
    }

    private ClientStore.Client publicClient(String clientId) {
        return clients.find(clientId)
                .filter(ClientStore.Client::enabled)
                .filter(c -> c.kind() == ClientStore.Kind.PUBLIC)
                .orElseThrow(() -> new GatewayException(ErrorCode.UNAUTHORIZED, "Unknown or disabled client",
                        "Use a registered public client id", Map.of()));
    }
}
