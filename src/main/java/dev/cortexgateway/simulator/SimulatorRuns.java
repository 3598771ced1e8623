package dev.cortexgateway.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulator was asked to do, for tests: runs started per endpoint, how each ended, how
 * callers authenticated, and how many events went out. A run ends exactly once, as completed
 * (terminal event or JSON answer sent), cancelled (the client went away: failed write, async error
 * or timeout) or aborted (a scenario cut it: {@code drop}, {@code error}, {@code status}).
 */
public final class SimulatorRuns {

    private final Map<String, AtomicLong> started = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> tokenTypes = new ConcurrentHashMap<>();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong active = new AtomicLong();

    void recordStarted(String endpoint) {
        started.computeIfAbsent(endpoint, k -> new AtomicLong()).incrementAndGet();
    }

    void calledWith(String tokenType) {
        tokenTypes.computeIfAbsent(tokenType, k -> new AtomicLong()).incrementAndGet();
    }

    void streamOpened() {
        active.incrementAndGet();
    }

    void streamClosed() {
        active.decrementAndGet();
    }

    void eventSent() {
        eventsSent.incrementAndGet();
    }

    void recordCompleted() {
        completed.incrementAndGet();
    }

    void recordCancelled() {
        cancelled.incrementAndGet();
    }

    void recordAborted() {
        aborted.incrementAndGet();
    }

    /** Runs started on one endpoint: {@code agent:run}, {@code agent-object:run}, {@code search:query}, {@code analyst:message}, {@code statements}. */
    public long started(String endpoint) {
        AtomicLong count = started.get(endpoint);
        return count == null ? 0 : count.get();
    }

    /** Started runs per endpoint, sorted by endpoint. */
    public Map<String, Long> startedByEndpoint() {
        Map<String, Long> copy = new TreeMap<>();
        started.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Authenticated calls per token type ({@code KEYPAIR_JWT}, {@code PROGRAMMATIC_ACCESS_TOKEN}, {@code OAUTH}, {@code ABSENT}). */
    public Map<String, Long> callsByTokenType() {
        Map<String, Long> copy = new TreeMap<>();
        tokenTypes.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public long completed() {
        return completed.get();
    }

    public long cancelled() {
        return cancelled.get();
    }

    public long aborted() {
        return aborted.get();
    }

    public long eventsSent() {
        return eventsSent.get();
    }

    /** Streams still being played. */
    public long activeStreams() {
        return active.get();
    }

    /** Zeroes every counter except {@link #activeStreams()}, which follows live streams. */
    public void reset() {
        started.clear();
        tokenTypes.clear();
        completed.set(0);
        cancelled.set(0);
        aborted.set(0);
        eventsSent.set(0);
    }
}
