package dev.cortexgateway.ws;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The WebSocket endpoint {@code /api/v1/ws} (docs/websocket.md).
 *
 * @param authTimeout             the first message must be a valid {@code auth} within this, else 1008
 * @param heartbeatInterval       a connection with nothing sent for this long gets a {@code heartbeat} message;
 *                                also the period of the checks below
 * @param idleTimeout             a client that sends nothing (not even {@code ping}) for this long is closed (1001)
 * @param sendTimeout             a message the client has not taken off the wire for this long drops it as a
 *                                slow consumer (1013); also Tomcat's limit on sending the close frame
 * @param maxQueuedMessages       messages waiting per connection behind the one being written; one more drops
 *                                the connection as a slow consumer (1013)
 * @param maxQueuedBytes          the same bound in UTF-8 bytes
 * @param maxConnections          open connections per instance; more are closed at once (1013)
 * @param maxConnectionsPerOwner  authenticated connections per owner (a public client's end user, a
 *                                confidential client) per instance; more are closed (1013)
 * @param maxConnectionsPerClient authenticated connections per client id per instance, all its users together;
 *                                more are closed (1013)
 * @param maxMessageBytes         the largest message a client may send; larger closes with 1009
 * @param requiredScopes          a token needs at least one of these to connect (else 1008)
 * @param allowedOrigins          Origin patterns allowed to open the socket; empty (the default) follows the
 *                                client registry: a handshake from an origin no enabled client lists is
 *                                refused (403 CORS_REJECTED) and a token is accepted only from an origin its
 *                                client lists (docs/decisions/0019-cors-from-the-client-registry.md)
 */
@Validated
@ConfigurationProperties("gateway.ws")
public record WsProperties(
        @DefaultValue("10s") @DurationMin(millis = 100) Duration authTimeout,
        @DefaultValue("30s") @DurationMin(millis = 100) Duration heartbeatInterval,
        @DefaultValue("120s") @DurationMin(seconds = 1) Duration idleTimeout,
        @DefaultValue("30s") @DurationMin(millis = 100) Duration sendTimeout,
        @DefaultValue("256") @Min(1) @Max(100_000) int maxQueuedMessages,
        @DefaultValue("1048576") @Min(1024) long maxQueuedBytes,
        @DefaultValue("10000") @Min(1) int maxConnections,
        @DefaultValue("16") @Min(1) int maxConnectionsPerOwner,
        @DefaultValue("256") @Min(1) int maxConnectionsPerClient,
        @DefaultValue("4096") @Min(256) @Max(1_048_576) int maxMessageBytes,
        @DefaultValue({"query", "tools", "cache", "admin"}) @NotEmpty List<String> requiredScopes,
        @DefaultValue List<String> allowedOrigins) {

    public WsProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    /** Whether the registry's origins decide (no patterns are configured). */
    public boolean originsFromRegistry() {
        return allowedOrigins.isEmpty();
    }
}
