package dev.cortexgateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Route switches that ops flip at run time; a route with no flag is in its default state. */
public interface FlagStore extends StateStore {

    Optional<Flag> find(String routeId);

    /** Sets the flag, recording who changed it and when. */
    Flag set(String routeId, boolean enabled, String changedBy);

    /** Every flag ever set, by route id. */
    List<Flag> list();

    record Flag(String routeId, boolean enabled, String changedBy, Instant changedAt) {
    }
}
