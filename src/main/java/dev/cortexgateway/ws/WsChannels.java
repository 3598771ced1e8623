package dev.cortexgateway.ws;

import dev.cortexgateway.events.GatewayEvents;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.jwt.VerifiedToken;
import java.util.Map;
import java.util.Optional;

/**
 * The channels a client may subscribe to and the scope each needs: query progress needs
 * {@code query}, system events (cache health, open circuits: operator matters) need {@code admin},
 * job progress any token (a client only ever sees its own jobs).
 */
final class WsChannels {

    private static final Map<String, Optional<String>> SCOPES = Map.of(
            GatewayEvents.QUERY_UPDATES, Optional.of("query"),
            GatewayEvents.JOB_UPDATES, Optional.empty(),
            GatewayEvents.SYSTEM_EVENTS, Optional.of("admin"));

    private WsChannels() {
    }

    static boolean known(String channel) {
        return channel != null && SCOPES.containsKey(channel);
    }

    /** The scope a channel needs, empty when any token may subscribe. */
    static Optional<String> scope(String channel) {
        return SCOPES.get(channel);
    }

    static boolean allowed(String channel, VerifiedToken caller) {
        return scope(channel).map(caller::hasScope).orElse(true);
    }

    /**
     * Whether an event reaches a subscriber: its owner's connections only (an end user's events reach
     * that user's connections, never another user's of the same client); a confidential client's
     * connection also gets the events of the users it named ({@code user_id}), since it is the one
     * acting for them; events without an owner reach every subscriber; admins see every system event.
     */
    static boolean visible(GatewayEvents.Event event, VerifiedToken caller) {
        if (event.owner() == null || event.owner().equals(caller.owner().key())) {
            return true;
        }
        if (caller.subject() == null && Owner.parse(event.owner()).clientId().equals(caller.clientId())) {
            return true;
        }
        return GatewayEvents.SYSTEM_EVENTS.equals(event.channel()) && caller.hasScope("admin");
    }
}
