package dev.cortexgateway.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.jwt.VerifiedToken;

/**
 * What {@code user_id} on {@code subscribe} means under the gateway's identity model
 * (docs/identity.md), as on HTTP: a confidential client acting for itself may name one of its users,
 * and the subscription then follows that user's events only; a session token already names its end
 * user, so a {@code user_id} it sends is data, never an identity it could pick, and changes nothing.
 * Either way the events a connection may see at all stay its owner's ({@link WsChannels#visible}).
 */
final class WsUserIds {

    /** As the {@code user_id} of the HTTP operations. */
    static final int MAX_LENGTH = 256;

    private WsUserIds() {
    }

    static boolean valid(JsonNode userId) {
        return userId.isTextual() && !userId.asText().isBlank() && userId.asText().length() <= MAX_LENGTH;
    }

    /** @param userId a valid user id, or null when none was sent */
    static WsSubscription subscription(String channel, VerifiedToken caller, String userId) {
        if (userId == null || caller.subject() != null) {
            return WsSubscription.of(channel);
        }
        return new WsSubscription(channel, caller.owner().forUser(userId).key(), userId);
    }
}
