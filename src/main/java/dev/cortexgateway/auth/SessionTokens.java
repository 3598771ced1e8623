package dev.cortexgateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.contract.RequestValidator;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.jwt.IssuedToken;
import dev.cortexgateway.jwt.JwtProperties;
import dev.cortexgateway.jwt.TokenIssuer;
import dev.cortexgateway.store.ClientStore;
import dev.cortexgateway.store.NonceStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Issues session tokens to public clients ({@code POST /api/v1/session/token}, routes/session.yaml).
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

    public SessionTokens(ClientStore clients, NonceStore nonces, TokenIssuer issuer, JwtProperties jwt,
                         ClientOrigins origins) {
        this.origins = origins;
        this.clients = clients;
        this.nonces = nonces;
        this.issuer = issuer;
        this.jwt = jwt;
    }

    public Map<String, Object> issue(Exchange exchange) {
        JsonNode body = exchange.getProperty(RequestValidator.PARSED_BODY, JsonNode.class);
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
        if (!nonces.markIfNew(clientId, nonce, jwt.sessionTokenTtl())) {
            throw new GatewayException(ErrorCode.UNAUTHORIZED, "This nonce was already used",
                    "Send a new random UUID as nonce with every token request", Map.of());
        }
        IssuedToken token = issuer.sessionToken(clientId, List.copyOf(client.scopes()), version.toString());
        return Map.of("token", token.token(), "expiresInSec", token.expiresInSeconds());
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
