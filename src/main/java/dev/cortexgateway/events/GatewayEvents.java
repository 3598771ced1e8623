package dev.cortexgateway.events;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * In-process publish/subscribe of the gateway's live events (query progress, job progress, system
 * events), which the WebSocket endpoint pushes to subscribed clients. Publishing never blocks on a
 * subscriber: a subscriber must hand the event off (e.g. to a bounded queue) and return at once; one
 * that throws is logged and skipped, never allowed to break the publisher.
 */
@Component
public final class GatewayEvents {

    public static final String QUERY_UPDATES = "query_updates";
    public static final String JOB_UPDATES = "job_updates";
    public static final String SYSTEM_EVENTS = "system_events";
    public static final Set<String> CHANNELS = Set.of(QUERY_UPDATES, JOB_UPDATES, SYSTEM_EVENTS);

    private static final Logger LOG = LoggerFactory.getLogger(GatewayEvents.class);

    private final Map<String, CopyOnWriteArrayList<Consumer<Event>>> subscribers = new ConcurrentHashMap<>();

    /**
     * @param channel one of {@link #CHANNELS}
     * @param type    the message type clients see, e.g. {@code query_progress}
     * @param owner   the owner key ({@code identity.Owner#key()}) the event belongs to (only its owner's
     *                subscriptions get it); null
     *                for an event every subscriber of the channel may see
     * @param payload the message's own fields (JSON-serializable), sent at the top level beside
     *                {@code type}, {@code channel} and {@code timestamp}, which it must not hold
     */
    public void publish(String channel, String type, String owner, Map<String, Object> payload) {
        requireChannel(channel);
        Event event = new Event(channel, type, owner, payload);
        for (Consumer<Event> subscriber : subscribers.getOrDefault(channel, new CopyOnWriteArrayList<>())) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("a subscriber of {} failed on a {} event: {}", channel, type, e.getClass().getSimpleName());
            }
        }
    }

    /** Subscribes to a channel; close the returned handle to stop receiving. */
    public AutoCloseable subscribe(String channel, Consumer<Event> subscriber) {
        requireChannel(channel);
        CopyOnWriteArrayList<Consumer<Event>> list = subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
        list.add(subscriber);
        return () -> list.remove(subscriber);
    }

    public int subscriberCount(String channel) {
        return subscribers.getOrDefault(channel, new CopyOnWriteArrayList<>()).size();
    }

    private static void requireChannel(String channel) {
        if (!CHANNELS.contains(channel)) {
            throw new IllegalArgumentException("unknown event channel " + channel);
        }
    }

    public record Event(String channel, String type, String owner, Map<String, Object> payload) {
    }
}
