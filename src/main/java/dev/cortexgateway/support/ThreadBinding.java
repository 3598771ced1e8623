package dev.cortexgateway.support;

import java.util.function.Supplier;

/**
 * Runs work with a value bound to a thread-local and restores what was bound before, so scopes that
 * follow one execution on its thread (cancel scope, upstream clock) nest and never leak to the next
 * task a pooled thread runs.
 */
public final class ThreadBinding {

    private ThreadBinding() {
    }

    public static <V, T> T with(ThreadLocal<V> local, V value, Supplier<T> work) {
        V previous = local.get();
        local.set(value);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                local.remove();
            } else {
                local.set(previous);
            }
        }
    }
}
