package dev.cortexgateway.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The W3C {@code traceparent} headers the simulator received, newest last, for tests that follow a
 * trace from the client through the gateway to Cortex. Only the latest few are kept.
 */
public final class ReceivedTraceparents {

    private static final int KEPT = 256;

    private final Deque<Received> received = new ArrayDeque<>();

    /** One request's header and the path it came with. */
    public record Received(String path, String traceparent) {
    }

    synchronized void record(String path, String traceparent) {
        if (received.size() == KEPT) {
            received.removeFirst();
        }
        received.addLast(new Received(path, traceparent));
    }

    public synchronized List<Received> all() {
        return List.copyOf(received);
    }
}
