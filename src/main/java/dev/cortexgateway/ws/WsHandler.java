package dev.cortexgateway.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.auth.ClientOrigins;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.jwt.TokenVerifier;
import dev.cortexgateway.jwt.VerifiedToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The {@code /api/v1/ws} protocol (docs/websocket.md): {@code auth} first, then {@code subscribe},
 * {@code unsubscribe} and {@code ping}. Refusals of the connection itself (no or bad auth) close it
 * with 1008 and a short reason that never repeats the token; a bad request after auth is answered
 * with an {@code error} message and the connection stays open. Replies go through the same bounded
 * queue as events, so they keep their order and count against the same bound.
 */
@Component
final class WsHandler extends TextWebSocketHandler {

    private static final String BEARER = "Bearer";

    private final WsConnections connections;
    private final TokenVerifier verifier;
    private final WsProperties properties;
    private final ObjectMapper json;
    private final ClientOrigins origins;

    WsHandler(WsConnections connections, TokenVerifier verifier, WsProperties properties, ObjectMapper json,
              ClientOrigins origins) {
        this.origins = origins;
        this.connections = connections;
        this.verifier = verifier;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        connections.opened(session);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        WsConnection connection = connections.get(session);
        if (connection == null || connection.closing()) {
            return;
        }
        connection.received();
        JsonNode request = parse(message.getPayload());
        String type = request == null ? null : request.path("type").asText(null);
        if (connection.principal() == null) {
            if ("auth".equals(type)) {
                auth(connection, request);
            } else {
                connections.close(connection, policy("auth required"));
            }
            return;
        }
        if (request == null) {
            error(connection, ErrorCode.INVALID_REQUEST, "The message is not a JSON object", null);
            return;
        }
        switch (type == null ? "" : type) {
            case "auth" -> auth(connection, request);
            case "subscribe" -> subscribe(connection, request);
            case "unsubscribe" -> unsubscribe(connection, request.path("channel").asText(null));
            case "ping" -> connections.send(connection, Map.of("type", "pong", "timestamp", connections.now()));
            default -> error(connection, ErrorCode.INVALID_REQUEST, "Unknown message type",
                    "Send one of auth, subscribe, unsubscribe, ping");
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        WsConnection connection = connections.get(session);
        if (connection != null) {
            connection.received();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        WsConnection connection = connections.get(session);
        if (connection != null) {
            connections.close(connection, CloseStatus.SERVER_ERROR);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        connections.closed(session);
    }

    private void auth(WsConnection connection, JsonNode request) {
        String token = bareToken(request.path("token"));
        if (token == null) {
            connections.close(connection, policy("auth needs a token"));
            return;
        }
        VerifiedToken caller;
        try {
            caller = verifier.verify(token);
        } catch (GatewayException refused) {
            // the verifier says only "expired" or "not valid"; the token itself is never repeated
            boolean expired = refused.getMessage() != null && refused.getMessage().contains("expired");
            connections.close(connection, policy(expired ? "token expired" : "invalid token"));
            return;
        }
        if (properties.originsFromRegistry() && !originAllowed(connection, caller)) {
            connections.close(connection, policy("origin not allowed for this client"));
            return;
        }
        if (properties.requiredScopes().stream().noneMatch(caller::hasScope)) {
            connections.close(connection, policy("token lacks a scope for live updates"));
            return;
        }
        VerifiedToken before = connection.principal();
        if (before == null) {
            CloseStatus refused = connections.authenticated(connection, caller);
            if (refused != null) {
                connections.close(connection, refused);
                return;
            }
        } else if (!before.owner().equals(caller.owner())) {
            // a renewed session token keeps its subject; another user's token is another connection
            connections.close(connection, policy("a connection keeps its client and user"));
            return;
        } else {
            // a fresh token extends the connection; channels its scopes no longer cover are left
            connection.authenticate(caller);
            connection.subscriptions().keySet().removeIf(channel -> !WsChannels.allowed(channel, caller));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("type", "authenticated");
        reply.put("client_id", caller.clientId());
        if (caller.subject() != null) {
            reply.put("subject", caller.subject());
        }
        reply.put("scopes", new TreeSet<>(caller.scopes()));
        reply.put("expires_at", caller.expiresAt().toString());
        connections.send(connection, reply);
    }

    private void subscribe(WsConnection connection, JsonNode request) {
        String channel = request.path("channel").asText(null);
        if (!WsChannels.known(channel)) {
            error(connection, ErrorCode.INVALID_REQUEST, "Unknown channel", "Channels: query_updates, job_updates, system_events");
            return;
        }
        if (!WsChannels.allowed(channel, connection.principal())) {
            String scope = WsChannels.scope(channel).orElseThrow();
            error(connection, ErrorCode.FORBIDDEN, "The channel " + channel + " needs the '" + scope + "' scope",
                    "Use a client that is granted the '" + scope + "' scope");
            return;
        }
        JsonNode userId = request.path(Owner.USER_ID);
        if (!userId.isMissingNode() && !userId.isNull() && !WsUserIds.valid(userId)) {
            error(connection, ErrorCode.INVALID_REQUEST, "user_id must be a non-empty string of at most "
                    + WsUserIds.MAX_LENGTH + " characters", "Leave user_id out to follow every event your token may see");
            return;
        }
        WsSubscription subscription = WsUserIds.subscription(channel, connection.principal(),
                userId.isTextual() ? userId.asText() : null);
        connection.subscriptions().put(channel, subscription);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("type", "subscribed");
        reply.put("channel", channel);
        if (subscription.userId() != null) {
            reply.put(Owner.USER_ID, subscription.userId());
        }
        connections.send(connection, reply);
    }

    private void unsubscribe(WsConnection connection, String channel) {
        if (!WsChannels.known(channel)) {
            error(connection, ErrorCode.INVALID_REQUEST, "Unknown channel", "Channels: query_updates, job_updates, system_events");
            return;
        }
        connection.subscriptions().remove(channel);
        connections.send(connection, Map.of("type", "unsubscribed", "channel", channel));
    }

    private void error(WsConnection connection, ErrorCode code, String message, String hint) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("type", "error");
        reply.put("code", code.name());
        reply.put("message", message);
        if (hint != null) {
            reply.put("hint", hint);
        }
        connections.send(connection, reply);
    }

    /**
     * The token of an {@code auth} message, with or without the {@code Bearer } prefix of an
     * {@code Authorization} header (clients written for the HTTP API send it with), or null when blank.
     */
    private static String bareToken(JsonNode token) {
        if (!token.isTextual()) {
            return null;
        }
        String text = token.asText().trim();
        int scheme = BEARER.length();
        if (text.regionMatches(true, 0, BEARER, 0, scheme)
                && (text.length() == scheme || Character.isWhitespace(text.charAt(scheme)))) {
            text = text.substring(scheme).trim();
        }
        return text.isEmpty() ? null : text;
    }

    /** The message as a JSON object, or null when it is not one. */
    private JsonNode parse(String text) {
        try {
            JsonNode node = json.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** As on HTTP: a browser page may use only the tokens of a client that lists the page's origin. */
    private boolean originAllowed(WsConnection connection, VerifiedToken caller) {
        String origin = connection.session().getHandshakeHeaders().getOrigin();
        return origin == null || origins.allows(caller.clientId(), origin);
    }

    private static CloseStatus policy(String reason) {
        return new CloseStatus(WsConnections.POLICY_VIOLATION, reason);
    }
}
