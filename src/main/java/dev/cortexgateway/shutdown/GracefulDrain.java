package dev.cortexgateway.shutdown;

import dev.cortexgateway.chat.ChatRuns;
import dev.cortexgateway.chat.HistoryWriteQueue;
import dev.cortexgateway.sse.SseStreams;
import dev.cortexgateway.ws.WsConnections;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The first thing a stopping instance does (SIGTERM closes the Spring context; this lifecycle has
 * the highest phase, so it stops before the web server's graceful shutdown stops taking requests):
 *
 * <ol>
 *   <li>readiness goes to REFUSING_TRAFFIC ({@code /actuator/health/readiness} answers 503), so a
 *       load balancer stops sending; requests that still come are served;</li>
 *   <li>WebSocket connections are closed with 1001 (going away);</li>
 *   <li>every chat SSE stream gets a {@code reconnect} event and ends; new streams are refused with 503;</li>
 *   <li>the running upstream chat runs go on writing their replay logs, for at most
 *       {@code gateway.shutdown.drain-timeout}, so a client resuming on another instance gets the whole
 *       answer; the runs still going then end with an error event;</li>
 *   <li>history writes queued during a database outage are flushed once (bounded).</li>
 * </ol>
 *
 * Then the web server's graceful shutdown finishes the in-flight requests, and Camel stops.
 */
@Component
public final class GracefulDrain implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulDrain.class);
    private static final Duration WS_CLOSE_WAIT = Duration.ofSeconds(2);

    private final ShutdownProperties properties;
    private final SseStreams streams;
    private final ChatRuns chatRuns;
    private final WsConnections webSockets;
    private final HistoryWriteQueue historyWrites;
    private final ApplicationEventPublisher events;
    private volatile boolean running;

    public GracefulDrain(ShutdownProperties properties, SseStreams streams, ChatRuns chatRuns,
                         WsConnections webSockets, HistoryWriteQueue historyWrites, ApplicationEventPublisher events) {
        this.properties = properties;
        this.streams = streams;
        this.chatRuns = chatRuns;
        this.webSockets = webSockets;
        this.historyWrites = historyWrites;
        this.events = events;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        long started = System.nanoTime();
        // Spring Boot publishes this too when the context closes; said here so the order is plain
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        int webSocketsLeft = webSockets.goingAway(WS_CLOSE_WAIT);
        int told = streams.reconnectAll(properties.reconnectRetry());
        int runs = chatRuns.running();
        LOG.info("Draining: {} SSE streams told to reconnect, {} WebSocket connections not closed yet, {} chat runs running",
                told, webSocketsLeft, runs);
        int cutShort = 0;
        int historyLost = 0;
        try {
            cutShort = chatRuns.drain(properties.drainTimeout());
            historyLost = historyWrites.flush();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Drained in {} ms: {} chat runs finished, {} cut short at the drain timeout, {} history messages lost",
                (System.nanoTime() - started) / 1_000_000, runs - cutShort, cutShort, historyLost);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first: above the SSE heartbeats (DEFAULT_PHASE - 512) and the web server (DEFAULT_PHASE - 1024). */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE;
    }
}
