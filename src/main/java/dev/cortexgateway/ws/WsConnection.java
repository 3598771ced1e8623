package dev.cortexgateway.ws;

import dev.cortexgateway.jwt.VerifiedToken;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;
import org.springframework.web.socket.WebSocketSession;

/**
 * One client's socket: who it is, what it subscribed to, and its bounded send queue.
 *
 * <p>Sending never blocks anyone: a message is written with the container's asynchronous send, one
 * at a time (Tomcat allows no more), and the next one is started from the completion callback on the
 * sender executor. Everything that waits in between sits in the queue, which holds at most
 * {@code maxMessages} messages and {@code maxBytes} bytes; an offer beyond either bound refuses the
 * message and marks the connection as a slow consumer for {@link WsConnections} to drop. So the
 * memory a connection holds is the bound plus the one message on the wire, whatever the client does.
 */
final class WsConnection {

    enum Offer { QUEUED, OVERFLOW, CLOSED }

    private final WebSocketSession session;
    private final RemoteEndpoint.Async remote;
    private final Executor sender;
    private final LongSupplier clock;
    private final int maxMessages;
    private final long maxBytes;
    private final Runnable onSent;
    private final QueueHighWater highWater;
    private final Map<String, WsSubscription> subscriptions = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean inFlight;
    private long inFlightSince;
    private boolean closing;

    private volatile VerifiedToken principal;
    private volatile long lastReceived;
    private volatile long lastSent;
    private volatile ScheduledFuture<?> authDeadline;

    WsConnection(WebSocketSession session, RemoteEndpoint.Async remote, Executor sender, LongSupplier clock,
                 int maxMessages, long maxBytes, Runnable onSent, QueueHighWater highWater) {
        this.session = session;
        this.remote = remote;
        this.sender = sender;
        this.clock = clock;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.onSent = onSent;
        this.highWater = highWater;
        long now = clock.getAsLong();
        this.lastReceived = now;
        this.lastSent = now;
    }

    /** Queues a message (never blocks). OVERFLOW: the bound is reached, the caller drops the connection. */
    Offer offer(Outgoing message) {
        boolean start;
        synchronized (lock) {
            if (closing) {
                return Offer.CLOSED;
            }
            if (queue.size() >= maxMessages || queuedBytes + message.bytes() > maxBytes) {
                return Offer.OVERFLOW;
            }
            queue.add(message);
            queuedBytes += message.bytes();
            highWater.record(queue.size(), queuedBytes);
            start = !inFlight;
            if (start) {
                inFlight = true;
                inFlightSince = clock.getAsLong();
            }
        }
        if (start) {
            sender.execute(this::sendNext);
        }
        return Offer.QUEUED;
    }

    private void sendNext() {
        Outgoing next;
        synchronized (lock) {
            next = closing ? null : queue.poll();
            if (next == null) {
                inFlight = false;
                return;
            }
            queuedBytes -= next.bytes();
            inFlightSince = clock.getAsLong();
        }
        try {
            remote.sendText(next.text(), this::sent);
        } catch (RuntimeException closed) {
            // the container refuses sends on a closed session; the close callback cleans up
            markClosing();
        }
    }

    private void sent(SendResult result) {
        if (!result.isOK()) {
            markClosing();
            return;
        }
        lastSent = clock.getAsLong();
        onSent.run();
        sender.execute(this::sendNext);
    }

    /** Stops sending and frees the queue; true for the first caller only. */
    boolean markClosing() {
        synchronized (lock) {
            if (closing) {
                return false;
            }
            closing = true;
            queue.clear();
            queuedBytes = 0;
            ScheduledFuture<?> deadline = authDeadline;
            if (deadline != null) {
                deadline.cancel(false);
            }
            return true;
        }
    }

    boolean closing() {
        synchronized (lock) {
            return closing;
        }
    }

    /** True when nothing is queued or on the wire and nothing was sent since {@code since}. */
    boolean quietSince(long since) {
        synchronized (lock) {
            return !closing && !inFlight && queue.isEmpty() && lastSent <= since;
        }
    }

    /** When the message on the wire was started, or -1 when none is. */
    long inFlightSince() {
        synchronized (lock) {
            return inFlight ? inFlightSince : -1;
        }
    }

    int queuedMessages() {
        synchronized (lock) {
            return queue.size();
        }
    }

    WebSocketSession session() {
        return session;
    }

    String id() {
        return session.getId();
    }

    VerifiedToken principal() {
        return principal;
    }

    void authenticate(VerifiedToken token) {
        this.principal = token;
        ScheduledFuture<?> deadline = authDeadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    void authDeadline(ScheduledFuture<?> deadline) {
        this.authDeadline = deadline;
    }

    /** The channels followed, by name; one subscription per channel (subscribing again replaces it). */
    Map<String, WsSubscription> subscriptions() {
        return subscriptions;
    }

    void received() {
        lastReceived = clock.getAsLong();
    }

    long lastReceived() {
        return lastReceived;
    }
}
