package dev.cortexgateway.cortex;

/** A running agent call. */
public interface CortexRun {

    /**
     * Aborts the HTTP exchange so Snowflake sees the disconnect. Idempotent. After it returns the
     * listener receives nothing more (no events, no onComplete, no onError), unless it already had
     * its terminal call.
     */
    void cancel();
}
