package dev.cortexgateway.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.events.GatewayEvents;
import dev.cortexgateway.flags.RouteFlags;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.jwt.VerifiedToken;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Every open {@code /api/v1/ws} connection on this instance: the limits on how many, the fan-out of
 * {@link GatewayEvents} to their queues, and the periodic checks (heartbeat, idle, token expiry,
 * stuck sends, the {@code ws} feature flag). Nothing here blocks a publisher: an event is rendered
 * once and offered to each subscriber's bounded queue; a full queue drops that subscriber.
 */
@Component
public final class WsConnections implements SmartLifecycle {

    /** Route flag id of the endpoint (flags/PipelineRoutes lists it beside the Camel routes). */
    public static final String FLAG_ID = "ws";

    static final int POLICY_VIOLATION = CloseStatus.POLICY_VIOLATION.getCode();
    static final int TRY_AGAIN_LATER = 1013;
    static final CloseStatus SLOW_CONSUMER = new CloseStatus(TRY_AGAIN_LATER, "slow consumer");
    static final CloseStatus TOO_MANY = new CloseStatus(TRY_AGAIN_LATER, "too many connections");
    static final CloseStatus TOO_MANY_FOR_CLIENT = new CloseStatus(TRY_AGAIN_LATER, "too many connections for this client");
    static final CloseStatus TOO_MANY_FOR_OWNER = new CloseStatus(TRY_AGAIN_LATER, "too many connections for this user");
    static final CloseStatus DISABLED = new CloseStatus(TRY_AGAIN_LATER, "endpoint disabled");
    static final CloseStatus STOPPING = new CloseStatus(CloseStatus.GOING_AWAY.getCode(), "server stopping");
    static final CloseStatus IDLE = new CloseStatus(CloseStatus.GOING_AWAY.getCode(), "idle timeout");
    static final CloseStatus AUTH_TIMEOUT = new CloseStatus(POLICY_VIOLATION, "auth timeout");
    static final CloseStatus TOKEN_EXPIRED = new CloseStatus(POLICY_VIOLATION, "token expired");
    /** Tomcat's per-session limit on blocking sends, which is what sending the close frame is. */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final Logger LOG = LoggerFactory.getLogger(WsConnections.class);

    private final WsProperties properties;
    private final RouteFlags flags;
    private final GatewayEvents events;
    private final ObjectMapper json;
    private final Clock clock;
    private final LongSupplier millis = () -> System.nanoTime() / 1_000_000;
    private final Map<String, WsConnection> open = new ConcurrentHashMap<>();
    /** Set by the shutdown drain: a connection opened from then on is closed with 1001 at once. */
    private volatile boolean stopping;
    private final Map<String, Set<WsConnection>> byClient = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final QueueHighWater highWater = new QueueHighWater();
    private final Counter dropped;
    private final Counter sent;
    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    /** Starts each connection's next asynchronous send; never blocks, so two threads serve every connection. */
    private final ThreadPoolExecutor sender;
    /** Close frames can wait (up to send-timeout) behind a message a slow client does not read. */
    private final ThreadPoolExecutor closer;
    private ScheduledExecutorService timer;

    public WsConnections(WsProperties properties, RouteFlags flags, GatewayEvents events, ObjectMapper json, Clock clock,
                         MeterRegistry meters) {
        this.properties = properties;
        this.flags = flags;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.sender = pool(2, "ws-send");
        this.closer = pool(4, "ws-close");
        Gauge.builder("gateway.ws.connections", count, AtomicInteger::get)
                .description("open WebSocket connections on this instance").register(meters);
        Gauge.builder("gateway.ws.queue.high.water", highWater, QueueHighWater::messages)
                .description("the deepest any connection's send queue has been (messages)").register(meters);
        this.dropped = Counter.builder("gateway.ws.slow.consumers.dropped")
                .description("connections closed (1013) because their send queue was full or a send was stuck")
                .register(meters);
        this.sent = Counter.builder("gateway.ws.messages.sent")
                .description("messages written to WebSocket clients").register(meters);
    }

    /** A new socket; null when it was refused (closed with 1013: the endpoint is off or the instance is full; 1001: stopping). */
    WsConnection opened(WebSocketSession session) {
        Session nativeSession = ((NativeWebSocketSession) session).getNativeSession(Session.class);
        nativeSession.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, properties.sendTimeout().toMillis());
        session.setTextMessageSizeLimit(properties.maxMessageBytes());
        WsConnection connection = new WsConnection(session, nativeSession.getAsyncRemote(), sender, millis,
                properties.maxQueuedMessages(), properties.maxQueuedBytes(), sent::increment, highWater);
        open.put(session.getId(), connection);
        if (count.incrementAndGet() > properties.maxConnections()) {
            close(connection, TOO_MANY);
            return null;
        }
        if (!flags.enabled(FLAG_ID)) {
            close(connection, DISABLED);
            return null;
        }
        if (stopping) {
            close(connection, STOPPING);
            return null;
        }
        connection.authDeadline(timer.schedule(() -> {
            if (connection.principal() == null) {
                close(connection, AUTH_TIMEOUT);
            }
        }, properties.authTimeout().toMillis(), TimeUnit.MILLISECONDS));
        return connection;
    }

    WsConnection get(WebSocketSession session) {
        return open.get(session.getId());
    }

    /**
     * The first successful auth of a connection; the close status when its owner (the end user, or a
     * confidential client acting for itself) or its client as a whole has too many already, else null.
     * One user's tabs cannot take the connections of the client's other users.
     */
    CloseStatus authenticated(WsConnection connection, VerifiedToken token) {
        Set<WsConnection> clients = byClient.computeIfAbsent(token.clientId(), c -> ConcurrentHashMap.newKeySet());
        String owner = token.owner().key();
        synchronized (clients) {
            long owners = clients.stream().filter(c -> owner.equals(c.principal().owner().key())).count();
            if (owners >= properties.maxConnectionsPerOwner()) {
                return TOO_MANY_FOR_OWNER;
            }
            if (clients.size() >= properties.maxConnectionsPerClient()) {
                return TOO_MANY_FOR_CLIENT;
            }
            connection.authenticate(token);
            clients.add(connection);
            return null;
        }
    }

    void closed(WebSocketSession session) {
        WsConnection connection = open.remove(session.getId());
        if (connection == null) {
            return;
        }
        count.decrementAndGet();
        connection.markClosing();
        VerifiedToken principal = connection.principal();
        if (principal != null) {
            Set<WsConnection> mine = byClient.get(principal.clientId());
            if (mine != null) {
                synchronized (mine) {
                    mine.remove(connection);
                }
            }
        }
    }

    /** Queues a message for one client; a full queue drops the client as a slow consumer. */
    void send(WsConnection connection, Map<String, Object> message) {
        Outgoing rendered = render(message);
        if (rendered != null) {
            offer(connection, rendered);
        }
    }

    private void offer(WsConnection connection, Outgoing message) {
        if (connection.offer(message) == WsConnection.Offer.OVERFLOW) {
            dropSlowConsumer(connection);
        }
    }

    private void dropSlowConsumer(WsConnection connection) {
        if (connection.markClosing()) {
            dropped.increment();
            VerifiedToken principal = connection.principal();
            LOG.warn("WebSocket client {} dropped as a slow consumer (send queue full or a send stuck past {})",
                    principal == null ? "unauthenticated" : principal.clientId(), properties.sendTimeout());
            closer.execute(() -> closeQuietly(connection.session(), SLOW_CONSUMER));
        }
    }

    /** Closes with a code and a short reason; queued messages are discarded. */
    void close(WsConnection connection, CloseStatus status) {
        if (connection.markClosing()) {
            closer.execute(() -> closeQuietly(connection.session(), status));
        }
    }

    private void dispatch(GatewayEvents.Event event) {
        String owner = event.owner();
        // the client's connections; WsChannels.visible picks the owner's among them
        Iterable<WsConnection> candidates = owner == null || GatewayEvents.SYSTEM_EVENTS.equals(event.channel())
                ? open.values() : byClient.getOrDefault(Owner.parse(owner).clientId(), Set.of());
        Outgoing message = null;
        for (WsConnection connection : candidates) {
            VerifiedToken principal = connection.principal();
            WsSubscription subscription = connection.subscriptions().get(event.channel());
            if (principal == null || subscription == null || !WsChannels.visible(event, principal)
                    || !subscription.wants(event)) {
                continue;
            }
            if (message == null) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("type", event.type());
                body.put("channel", event.channel());
                // the publisher's fields sit at the top level: query_progress has query_id, status and
                // progress there, system_event its event and data (docs/websocket.md)
                body.putAll(event.payload());
                body.put("timestamp", now());
                message = render(body);
                if (message == null) {
                    return;
                }
            }
            offer(connection, message);
        }
    }

    private Outgoing render(Map<String, Object> message) {
        try {
            return Outgoing.of(json.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            LOG.warn("a {} message could not be rendered as JSON: {}", message.get("type"), e.getClass().getSimpleName());
            return null;
        }
    }

    String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    Instant instant() {
        return clock.instant();
    }

    /** Heartbeats for quiet connections; closes for a switched-off endpoint, expired tokens, idle clients, stuck sends. */
    void tick() {
        long now = millis.getAsLong();
        boolean enabled = flags.enabled(FLAG_ID);
        Instant wallClock = clock.instant();
        for (WsConnection connection : open.values()) {
            if (connection.closing()) {
                continue;
            }
            VerifiedToken principal = connection.principal();
            long inFlightSince = connection.inFlightSince();
            if (!enabled) {
                close(connection, DISABLED);
            } else if (principal != null && !principal.expiresAt().isAfter(wallClock)) {
                close(connection, TOKEN_EXPIRED);
            } else if (now - connection.lastReceived() > properties.idleTimeout().toMillis()) {
                close(connection, IDLE);
            } else if (inFlightSince >= 0 && now - inFlightSince > properties.sendTimeout().toMillis()) {
                dropSlowConsumer(connection);
            } else if (principal != null && connection.quietSince(now - properties.heartbeatInterval().toMillis())) {
                send(connection, Map.of("type", "heartbeat", "timestamp", now()));
            }
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again
            LOG.warn("WebSocket connection check failed: {}", e.getClass().getSimpleName());
        }
    }

    public int openConnections() {
        return count.get();
    }

    /** The deepest any send queue has been since start, in messages (never above gateway.ws.max-queued-messages). */
    public int queueHighWaterMessages() {
        return highWater.messages();
    }

    /** The same in bytes (never above gateway.ws.max-queued-bytes). */
    public long queueHighWaterBytes() {
        return highWater.bytes();
    }

    public long droppedSlowConsumers() {
        return (long) dropped.count();
    }

    private static void closeQuietly(WebSocketSession session, CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException | RuntimeException e) {
            LOG.debug("WebSocket close ({}) failed: {}", status.getCode(), e.getClass().getSimpleName());
        }
    }

    /**
     * Closes every connection with 1001 (going away), as the shutdown drain does before the web
     * server stops taking requests; clients connect again to another instance.
     *
     * @param wait how long to wait for the close frames to go out
     * @return connections still open after the wait
     */
    public int goingAway(Duration wait) {
        stopping = true;
        open.values().forEach(connection -> close(connection, STOPPING));
        long deadline = System.nanoTime() + wait.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return open.size();
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "ws-timer"));
        long every = Math.min(properties.heartbeatInterval().toMillis(), 1000);
        timer.scheduleWithFixedDelay(this::tickQuietly, every, every, TimeUnit.MILLISECONDS);
        GatewayEvents.CHANNELS.forEach(channel -> subscriptions.add(events.subscribe(channel, this::dispatch)));
    }

    @Override
    public void stop() {
        for (AutoCloseable subscription : subscriptions) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("event subscription did not close: {}", e.getClass().getSimpleName());
            }
        }
        subscriptions.clear();
        goingAway(Duration.ZERO);
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public int getPhase() {
        // before the web server (Integer.MAX_VALUE - 1) takes connections or anything publishes
        return 0;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    private static ThreadPoolExecutor pool(int threads, String name) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> daemon(task, name + "-" + n.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
