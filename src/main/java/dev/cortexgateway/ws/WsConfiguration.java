package dev.cortexgateway.ws;

import dev.cortexgateway.auth.ClientOrigins;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.ErrorEnvelope;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.flags.RouteFlags;
import dev.cortexgateway.web.EnvelopeWriter;
import dev.cortexgateway.web.TraceIds;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * {@code GET /api/v1/ws}: Spring's WebSocket support on the gateway's Tomcat, not a Camel route
 * (docs/decisions/0011-websocket-live-updates.md). The handshake honours the {@code ws} feature
 * flag: switched off, it answers 503 ROUTE_DISABLED in the error envelope like any route.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WsConfiguration implements WebSocketConfigurer {

    static final String PATH = "/api/v1/ws";

    private final WsHandler handler;
    private final WsProperties properties;
    private final RouteFlags flags;
    private final EnvelopeWriter envelopes;
    private final ClientOrigins origins;

    WsConfiguration(WsHandler handler, WsProperties properties, RouteFlags flags, EnvelopeWriter envelopes,
                    ClientOrigins origins) {
        this.origins = origins;
        this.handler = handler;
        this.properties = properties;
        this.flags = flags;
        this.envelopes = envelopes;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // with the registry deciding, Spring's own origin check lets every origin through to FlagCheck
        List<String> patterns = properties.originsFromRegistry() ? List.of("*") : properties.allowedOrigins();
        registry.addHandler(handler, PATH)
                .addInterceptors(new FlagCheck())
                .setAllowedOriginPatterns(patterns.toArray(String[]::new));
    }

    private final class FlagCheck implements HandshakeInterceptor {

        @Override
        public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
                                       Map<String, Object> attributes) throws Exception {
            GatewayException refusal = refusal(request);
            if (refusal == null) {
                return true;
            }
            if (request instanceof ServletServerHttpRequest servletRequest && response instanceof ServletServerHttpResponse servletResponse) {
                if (refusal.code() == ErrorCode.METHOD_NOT_ALLOWED) {
                    servletResponse.getServletResponse().setHeader("Allow", "GET");
                }
                envelopes.write(servletResponse.getServletResponse(),
                        ErrorEnvelope.of(refusal, TraceIds.of(servletRequest.getServletRequest())));
            }
            return false;
        }

        /**
         * What Spring's handshake handler would refuse in plain text, refused here in the envelope; an
         * origin no enabled client lists; and the flag.
         */
        private GatewayException refusal(ServerHttpRequest request) {
            if (request.getMethod() != HttpMethod.GET) {
                return new GatewayException(ErrorCode.METHOD_NOT_ALLOWED, "The WebSocket handshake is a GET",
                        "Connect with a WebSocket client", Map.of());
            }
            if (!"websocket".equalsIgnoreCase(request.getHeaders().getUpgrade())) {
                return new GatewayException(ErrorCode.INVALID_REQUEST, "This endpoint needs a WebSocket handshake",
                        "Connect with a WebSocket client (Connection: Upgrade, Upgrade: websocket); docs/websocket.md",
                        Map.of());
            }
            String origin = request.getHeaders().getOrigin();
            if (properties.originsFromRegistry() && origin != null && !origins.anyClientAllows(origin)) {
                return new GatewayException(ErrorCode.CORS_REJECTED, "This cross-origin request is not allowed",
                        "Ask the gateway's operators to list this origin in the client's allowed-origins", Map.of());
            }
            if (!flags.enabled(WsConnections.FLAG_ID)) {
                return new GatewayException(ErrorCode.ROUTE_DISABLED, "This endpoint is switched off by the gateway's operators",
                        "Retry later; operators switch it back on with POST /api/v1/pipelines/ws/enable",
                        Map.of("pipeline", WsConnections.FLAG_ID));
            }
            return null;
        }

        @Override
        public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
                                   Exception exception) {
            // nothing to undo: the connection is counted once it is open
        }
    }
}
