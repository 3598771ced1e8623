package dev.cortexgateway.ws;

import dev.cortexgateway.events.GatewayEvents;

/**
 * One channel a connection follows, narrowed to one owner when a confidential client named one of its
 * users ({@code user_id} on {@code subscribe}). The narrowing only ever removes events: which events a
 * connection may see at all is {@link WsChannels#visible}'s decision.
 *
 * @param channel   one of {@link GatewayEvents#CHANNELS}
 * @param userOwner the owner key ({@code identity.Owner#key()}) of the named user, null when not narrowed
 * @param userId    the user id as the client sent it (echoed to that client only, never logged), or null
 */
record WsSubscription(String channel, String userOwner, String userId) {

    static WsSubscription of(String channel) {
        return new WsSubscription(channel, null, null);
    }

    /** Events without an owner (system events) are nobody's user's: a narrowed subscription still gets them. */
    boolean wants(GatewayEvents.Event event) {
        return userOwner == null || event.owner() == null || userOwner.equals(event.owner());
    }
}
