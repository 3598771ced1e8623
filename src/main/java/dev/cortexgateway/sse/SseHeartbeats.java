package dev.cortexgateway.sse;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps every open stream talking: one shared scheduler thread looks at all streams a few times
 * per interval and sends a heartbeat comment to each one that has been silent for
 * {@code gateway.sse.heartbeat-interval}. A failed heartbeat means the client is gone: the stream
 * is completed and forgotten. A silent stream therefore hears a heartbeat between one interval and
 * one interval plus one tick (a tenth of the interval) after its last output.
 *
 * <p>The scheduler is deliberately not a Spring bean: an {@code Executor} bean would make Spring
 * Boot skip its {@code applicationTaskExecutor}, which the tracing decorator and Spring MVC's async support use.
 */
@Component
public final class SseHeartbeats implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(SseHeartbeats.class);
    private static final long MIN_TICK_MILLIS = 50;

    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();
    private final long intervalNanos;
    private final long tickMillis;
    private ScheduledExecutorService scheduler;

    public SseHeartbeats(SseProperties properties) {
        this.intervalNanos = properties.heartbeatInterval().toNanos();
        this.tickMillis = Math.max(MIN_TICK_MILLIS, properties.heartbeatInterval().toMillis() / 10);
    }

    void watch(SseStream stream) {
        streams.add(stream);
    }

    void forget(SseStream stream) {
        streams.remove(stream);
    }

    /** Every open stream, for the shutdown drain (a live view). */
    Set<SseStream> streams() {
        return streams;
    }

    /** Streams currently watched, for tests and gauges. */
    public int openStreams() {
        return streams.size();
    }

    private void beat() {
        long now = System.nanoTime();
        for (SseStream stream : streams) {
            try {
                if (!stream.heartbeatIfSilent(intervalNanos, now)) {
                    streams.remove(stream);
                }
            } catch (RuntimeException e) {
                // an exception escaping a scheduled task would cancel heartbeats for every stream
                LOG.warn("heartbeat failed, closing the stream: {}", e.toString());
                streams.remove(stream);
                stream.complete();
            }
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sse-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::beat, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Ends every stream still open before the web server's graceful shutdown (which runs in a later
     * phase) starts waiting for in-flight requests: an open stream would otherwise hold shutdown
     * for its whole timeout. The shutdown drain (phase {@link #DEFAULT_PHASE}, before this one) has
     * already sent chat streams their {@code reconnect} event; this is the backstop.
     */
    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        for (SseStream stream : streams) {
            stream.complete();
        }
        streams.clear();
    }

    /** After the shutdown drain, before the web server's graceful shutdown (DEFAULT_PHASE - 1024). */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 512;
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
