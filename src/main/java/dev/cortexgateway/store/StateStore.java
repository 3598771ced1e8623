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
}
