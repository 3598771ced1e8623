package dev.cortexgateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stop button of one piece of long work (a tool execution, a cache warm-up job). Whatever does
 * the work (a JDBC statement, an HTTP call) registers how to stop it; a timeout or a client's cancel then presses the button, which runs
 * those actions at once. The scope of the running execution is bound to the thread that runs its
 * route, because camel-jdbc and the HTTP clients run on that thread and cannot be handed a
 * parameter. It lives in {@code support} so every package that stops work (sql, cortex, upstream,
 * tools, cache, jobs) can depend on it without an arrow back up the package graph.
 */
public final class CancelScope {

    private static final Logger LOG = LoggerFactory.getLogger(CancelScope.class);
    private static final ThreadLocal<CancelScope> CURRENT = new ThreadLocal<>();
    /** A scope that is never cancelled, for work that runs outside any execution. */
    private static final CancelScope NONE = new CancelScope();

    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    /** The scope of the execution running on this thread; a never-cancelled one outside executions. */
    public static CancelScope current() {
        CancelScope scope = CURRENT.get();
        return scope == null ? NONE : scope;
    }

    /** Runs {@code work} on this thread with this scope as {@link #current()}. */
    public <T> T run(Supplier<T> work) {
        return ThreadBinding.with(CURRENT, this, work);
    }

    /**
     * Registers how to stop a piece of work. When the scope is already cancelled the action runs at
     * once. Close the returned registration when the work ends, so a finished statement is not
     * cancelled later.
     */
    public Registration onCancel(Runnable action) {
        if (this == NONE) {
            return () -> { };
        }
        boolean runNow;
        synchronized (this) {
            runNow = cancelled;
            if (!runNow) {
                actions.add(action);
            }
        }
        if (runNow) {
            runQuietly(action);
            return () -> { };
        }
        return () -> {
            synchronized (this) {
                actions.remove(action);
            }
        };
    }

    /** Stops every registered piece of work; later registrations are stopped as they come. Idempotent. */
    public void cancel() {
        if (this == NONE) {
            return;
        }
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(CancelScope::runQuietly);
    }

    public synchronized boolean cancelled() {
        return cancelled;
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("stopping a piece of work failed: {}", e.getClass().getName());
        }
    }

    /** Undoes an {@link #onCancel} registration. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
