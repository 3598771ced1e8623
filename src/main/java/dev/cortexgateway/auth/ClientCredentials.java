package dev.cortexgateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.contract.RequestValidator;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.jwt.IssuedToken;
import dev.cortexgateway.jwt.TokenIssuer;
import dev.cortexgateway.store.ClientStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * The OAuth 2.0 client_credentials grant for confidential clients ({@code POST /api/v1/auth/token},
 * routes/auth.yaml). The body may be JSON or form-encoded (RFC 6749 4.4.2); the secret may come in
 * the body or as HTTP Basic (RFC 6749 2.3.1). Refusals use the gateway envelope and name the OAuth
 * error in {@code details.oauthError}.
 */
@Component("clientCredentials")
public final class ClientCredentials {

    private static final String SCHEMA = "ClientCredentialsRequest";

    private final ClientStore clients;
    private final ClientSecrets secrets;
    private final TokenIssuer issuer;
    private final RequestValidator validator;
    private final ObjectMapper json;
    private final ClientOrigins origins;

    public ClientCredentials(ClientStore clients, ClientSecrets secrets, TokenIssuer issuer, RequestValidator validator,
                             ObjectMapper json, ClientOrigins origins) {
        this.origins = origins;
        this.clients = clients;
        this.secrets = secrets;
        this.issuer = issuer;
        this.validator = validator;
        this.json = json;
    }

    public Map<String, Object> grant(Exchange exchange) {
        ObjectNode request = read(exchange);
        Credentials basic = basicCredentials(exchange.getIn().getHeader("Authorization", String.class));
        if (basic != null) {
            if (request.hasNonNull("client_id") && !request.get("client_id").asText().equals(basic.id())) {
                throw invalidRequest("The client_id in the body differs from the one in the Authorization header");
            }
            request.put("client_id", basic.id());
            request.put("client_secret", basic.secret());
        }
        validator.requireValid(SCHEMA, request);
        if (!"client_credentials".equals(request.get("grant_type").asText())) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "Only the client_credentials grant is supported here",
                    "Send grant_type=client_credentials", Map.of("oauthError", "unsupported_grant_type"));
        }
        ClientStore.Client client = authenticate(request.get("client_id").asText(), request.path("client_secret").asText(null));
        origins.requireAllowed(client.id(), exchange.getIn().getHeader(HttpHeaders.ORIGIN, String.class));
        List<String> scopes = grantedScopes(client, request.path("scope").asText(""));
        IssuedToken token = issuer.accessToken(client.id(), scopes);

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token.token());
        answer.put("token_type", "Bearer");
        answer.put("expires_in", token.expiresInSeconds());
        answer.put("scope", token.scope());
        // ISO-8601 UTC as the contract writes times (the JWT's iat holds the same second)
        answer.put("issued_at", token.issuedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return answer;
    }

    private ClientStore.Client authenticate(String clientId, String secret) {
        ClientStore.Client client = clients.find(clientId).orElse(null);
        boolean confidential = client != null && client.enabled() && client.kind() == ClientStore.Kind.CONFIDENTIAL;
        // compare even for unknown clients so the time taken does not reveal which ids exist
        boolean secretMatches = secrets.matches(secret, confidential ? client.secretHash() : null);
        if (!secretMatches && confidential && client.previousSecretHash() != null) {
            // a rotation under way: the secret the client is moving away from still works
            secretMatches = secrets.matches(secret, client.previousSecretHash());
        }
        if (!confidential || !secretMatches) {
            throw new GatewayException(ErrorCode.UNAUTHORIZED, "Client authentication failed",
                    "Check the client id and secret", Map.of("oauthError", "invalid_client"));
        }
        return client;
    }

    private static List<String> grantedScopes(ClientStore.Client client, String requested) {
        if (requested.isBlank()) {
            return List.copyOf(new java.util.TreeSet<>(client.scopes()));
        }
        Set<String> asked = new LinkedHashSet<>(Arrays.asList(requested.trim().split("\\s+")));
        List<String> excess = new ArrayList<>(asked);
        excess.removeAll(client.scopes());
        if (!excess.isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "The requested scope exceeds what this client is granted",
                    "Ask only for scopes the client has", Map.of("oauthError", "invalid_scope", "notGranted", excess));
        }
        return List.copyOf(asked);
    }

    private ObjectNode read(Exchange exchange) {
        String contentType = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            return form(exchange);
        }
        JsonNode parsed = validator.parseJson(contentType, exchange.getIn().getBody(byte[].class));
        if (!parsed.isObject()) {
            throw invalidRequest("The request body must be a JSON object");
        }
        return (ObjectNode) parsed;
    }

    /**
     * Reads a form body (the route turns Camel's own form parsing off: it logs the body when the
     * encoding is malformed). Query parameters are refused: credentials in a URL end up in logs,
     * which RFC 6749 2.3.1 forbids.
     */
    private ObjectNode form(Exchange exchange) {
        String query = exchange.getIn().getHeader(Exchange.HTTP_QUERY, String.class);
        if (query != null && !query.isBlank()) {
            throw invalidRequest("Token request parameters belong in the body, not the URL");
        }
        byte[] body = exchange.getIn().getBody(byte[].class);
        ObjectNode form = json.createObjectNode();
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (form.has(name)) {
                throw invalidRequest("The parameter '" + name + "' is given more than once");
            }
            form.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return form;
    }

    private static Credentials basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorizedBasic();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw unauthorizedBasic();
        }
        return new Credentials(decode(decoded.substring(0, colon)), decode(decoded.substring(colon + 1)));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidRequest("The form encoding is malformed");
        }
    }

    private static GatewayException unauthorizedBasic() {
        return new GatewayException(ErrorCode.UNAUTHORIZED, "The Basic credentials are malformed",
                "Send 'Authorization: Basic base64(client_id:client_secret)'", Map.of("oauthError", "invalid_client"));
    }

    private static GatewayException invalidRequest(String message) {
        return new GatewayException(ErrorCode.INVALID_REQUEST, message, null, Map.of("oauthError", "invalid_request"));
    }

    private record Credentials(String id, String secret) {
        @Override
        public String toString() {
            return "Credentials[id=" + id + "]";
        }
    }
}
