package dev.cortexgateway.flags;

/**
 * Tells the other instances that a route flag changed, so they re-read the flags at once instead of
 * at their next poll. Polling stays the fallback: a lost announcement delays a change by at most
 * {@code gateway.flags.refresh-interval}.
 */
public interface FlagChanges {

    /** Announces that {@code routeId}'s flag was stored; never throws (the poll covers a failure). */
    void announce(String routeId);

    /** Calls {@code listener} on every announcement, this instance's own included, on a messaging thread. */
    void onChange(Runnable listener);
}
