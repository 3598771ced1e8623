package dev.cortexgateway.metrics;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The moments of one chat run that its metrics are made of, all {@link System#nanoTime()}:
 * <ul>
 * <li>time to first token: request arrival -> first {@code token} event written to the client;</li>
 * <li>operation duration: upstream request sent -> the run's end (its last event, error or cancel);</li>
 * <li>gateway overhead: (request arrival -> upstream request sent) + (arrival of the upstream event
 *     that became the first client event -> that event written to the client), i.e. the gateway's
 *     time before it called Cortex plus its time turning Cortex's first useful event into SSE.
 *     Waiting for Cortex in between is upstream time and not counted.</li>
 * </ul>
 * Each is recorded once per run, by whichever thread sees the moment first.
 */
public final class ChatTimings {

    private static final long UNSET = Long.MIN_VALUE;

    private final GenAiMetrics genAi;
    private final GatewayOverhead overhead;
    private final String route;
    private final long requestNanos;
    private volatile long upstreamNanos = UNSET;
    private final AtomicLong firstProduced = new AtomicLong(UNSET);
    private final AtomicBoolean firstSent = new AtomicBoolean();
    private final AtomicBoolean firstTokenSent = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();

    public ChatTimings(GenAiMetrics genAi, GatewayOverhead overhead, String route, long requestNanos) {
        this.genAi = genAi;
        this.overhead = overhead;
        this.route = route;
        this.requestNanos = requestNanos;
    }

    /** The request goes upstream now. */
    public void upstreamCalled() {
        upstreamNanos = System.nanoTime();
    }

    /** A client event was made from an upstream event that arrived at {@code arrivedNanos}. */
    public void produced(long arrivedNanos) {
        firstProduced.compareAndSet(UNSET, arrivedNanos);
    }

    /** An event of {@code type} was written to a client connection. */
    public void sent(String type) {
        long now = System.nanoTime();
        long produced = firstProduced.get();
        if (produced != UNSET && upstreamNanos != UNSET && firstSent.compareAndSet(false, true)) {
            overhead.record(route, Math.max(0, (upstreamNanos - requestNanos) + (now - produced)));
        }
        if ("token".equals(type) && firstTokenSent.compareAndSet(false, true)) {
            genAi.timeToFirstToken(now - requestNanos);
        }
    }

    /** The run ended: {@code errorType} null when it completed. */
    public void finished(String errorType) {
        if (upstreamNanos != UNSET && finished.compareAndSet(false, true)) {
            genAi.chatFinished(System.nanoTime() - upstreamNanos, errorType);
        }
    }

    /** Tokens the upstream reported for the run. */
    public void tokens(String model, long inputTokens, long outputTokens) {
        genAi.tokens(model, inputTokens, outputTokens);
    }
}
