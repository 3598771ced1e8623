package dev.cortexgateway.tools;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the current thread, for the {@code resource_usage.cpu_time_ms} of a tool execution.
 * A JVM may not support or may have switched off thread CPU time; then nothing is measured and the
 * answer says {@code null} rather than a guess.
 */
final class ThreadCpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long UNSUPPORTED = -1;

    private ThreadCpuTime() {
    }

    /** The current thread's CPU time in nanoseconds, or -1 when the JVM does not measure it. */
    static long nanos() {
        if (!THREADS.isCurrentThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
            return UNSUPPORTED;
        }
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Microseconds of CPU time since {@code start} (from {@link #nanos()}) on this thread; null when unmeasured. */
    static Long microsSince(long start) {
        long now = nanos();
        return start == UNSUPPORTED || now == UNSUPPORTED ? null : Math.max(0, (now - start) / 1_000);
    }
}
