package dev.cortexgateway.cortex;

import dev.cortexgateway.error.GatewayException;

/**
 * Receives one agent run. Events arrive in order, one at a time, on an HTTP client thread: keep the
 * work short, because time spent here is time the upstream is not read (and counts as inactivity).
 * Exactly one of {@link #onComplete()} and {@link #onError(GatewayException)} is called, once, and
 * nothing after it; after {@link CortexRun#cancel()} none is called.
 */
public interface CortexEventListener {

    /**
     * The upstream accepted the run (HTTP 200, headers in): from here on failures arrive in the
     * stream, and a caller may open its own response. Called at most once, before any event.
     */
    default void onOpen() {
    }

    void onEvent(CortexEvent event);

    void onComplete();

    void onError(GatewayException error);
}
