package dev.cortexgateway.metrics;

import dev.cortexgateway.support.ThreadBinding;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Time one proxied request spent waiting on its upstream (Cortex REST calls, warehouse statements,
 * an http tool's host), so that the gateway's own share of the request, the overhead, is the rest.
 * Bound to the thread that runs a tool's pipeline, like the tool's CancelScope, because the code that
 * waits (camel-jdbc, the HTTP clients) runs on that thread and cannot be handed a parameter. Waits
 * outside any clock (no tool execution on this thread) are not counted anywhere.
 */
public final class UpstreamClock {

    private static final ThreadLocal<UpstreamClock> CURRENT = new ThreadLocal<>();
    private static final Lap NONE = () -> { };

    private final AtomicLong nanos = new AtomicLong();

    /** Starts timing one upstream wait on this thread's clock; close the lap when the answer is in. */
    public static Lap lap() {
        UpstreamClock clock = CURRENT.get();
        if (clock == null) {
            return NONE;
        }
        long started = System.nanoTime();
        return () -> clock.nanos.addAndGet(System.nanoTime() - started);
    }

    /** Runs {@code work} on this thread with this clock collecting its upstream waits. */
    public <T> T run(Supplier<T> work) {
        return ThreadBinding.with(CURRENT, this, work);
    }

    /** The upstream waits collected so far. */
    public long nanos() {
        return nanos.get();
    }

    /** One upstream wait being timed. */
    @FunctionalInterface
    public interface Lap extends AutoCloseable {
        @Override
        void close();
    }
}
