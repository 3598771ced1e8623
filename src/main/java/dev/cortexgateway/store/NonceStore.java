package dev.cortexgateway.store;

import java.time.Duration;

/** Nonces already spent on session tokens, so a captured token request cannot be replayed. */
public interface NonceStore extends StateStore {

    /**
     * Remembers the nonce for {@code ttl}. Nonces are compared exactly: callers pass them in one
     * canonical form (session tokens: lower case, see {@code auth.SessionNonce}).
     *
     * @return true the first time this client presents this nonce within the TTL, false on a replay
     * @throws dev.cortexgateway.error.GatewayException SERVICE_UNAVAILABLE when a shared store cannot
     *         check the nonce and its outage policy refuses
     */
    boolean markIfNew(String clientId, String nonce, Duration ttl);
}
