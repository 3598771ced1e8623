package dev.cortexgateway.store;

/**
 * What every store tells detailed health: which kind of state it keeps, where, and whether it
 * answers right now.
 */
public interface StateStore {

    /** The kind of state, e.g. {@code history} or {@code nonces}. */
    String kind();

    /** Where it lives, e.g. {@code h2}, {@code postgresql}, {@code in-process}, {@code redis}. */
    String backend();

    /** Throws when the store cannot serve; returns quickly (health calls it on every probe). */
    void ping();

    /**
     * Whether detailed health answers 503 while this store is down. A store every instance shares
     * (Redis) says false: taking every instance out of the load balancer would turn its outage into a
     * full outage, while its outage policy keeps the gateway serving.
     */
    default boolean critical() {
        return true;
    }
}
