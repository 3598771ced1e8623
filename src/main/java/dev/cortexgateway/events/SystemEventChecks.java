package dev.cortexgateway.events;

import dev.cortexgateway.store.ResponseCacheStore;
import dev.cortexgateway.upstream.UpstreamBreakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes {@code system_event}s on {@code system_events}, only when something changes:
 * {@code cache_hit_rate_low} when the answer cache's hit rate over the last interval falls under the
 * threshold (with enough lookups to mean something) and {@code cache_hit_rate_recovered} when it is
 * back; {@code circuit_open} and {@code circuit_closed} when an upstream's breaker opens or closes
 * again. Events have no owner: every subscriber of the channel (admins) sees them.
 */
@Component
public final class SystemEventChecks implements SmartLifecycle {

    public static final String TYPE = "system_event";
    private static final Logger LOG = LoggerFactory.getLogger(SystemEventChecks.class);

    private final GatewayEvents events;
    private final ResponseCacheStore cache;
    private final SystemEventProperties properties;
    private long lastHits;
    private long lastMisses;
    private boolean hitRateLow;
    private volatile boolean running;
    private ScheduledExecutorService timer;

    public SystemEventChecks(GatewayEvents events, ResponseCacheStore cache, UpstreamBreakers breakers,
                             SystemEventProperties properties) {
        this.events = events;
        this.cache = cache;
        this.properties = properties;
        ResponseCacheStore.Stats start = cache.stats();
        this.lastHits = start.hits();
        this.lastMisses = start.misses();
        breakers.states().keySet().forEach(upstream -> breakers.breaker(upstream).getEventPublisher()
                .onStateTransition(event -> breakerMoved(upstream, event.getStateTransition())));
    }

    /** Looks at the hit rate since the previous check; publishes when it crosses the threshold either way. */
    public synchronized void checkCache() {
        ResponseCacheStore.Stats now = cache.stats();
        long hits = now.hits() - lastHits;
        long misses = now.misses() - lastMisses;
        lastHits = now.hits();
        lastMisses = now.misses();
        long lookups = hits + misses;
        if (lookups < properties.minLookups()) {
            return; // too few to say anything; the state stays as it was
        }
        double hitRate = (double) hits / lookups;
        boolean low = hitRate < properties.cacheHitRateThreshold();
        if (low == hitRateLow) {
            return;
        }
        hitRateLow = low;
        events.publish(GatewayEvents.SYSTEM_EVENTS, TYPE, null, SystemEventMessages.cacheHitRate(
                low, hitRate, properties.cacheHitRateThreshold(), lookups, properties.interval().toSeconds()));
    }

    private void breakerMoved(String upstream, CircuitBreaker.StateTransition transition) {
        CircuitBreaker.State to = transition.getToState();
        boolean open;
        if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
            open = true;
        } else if (to == CircuitBreaker.State.CLOSED) {
            open = false;
        } else {
            return; // half-open is the breaker probing, not news
        }
        String from = transition.getFromState().name().toLowerCase(Locale.ROOT);
        events.publish(GatewayEvents.SYSTEM_EVENTS, TYPE, null, SystemEventMessages.circuit(open, upstream, from));
    }

    private void checkQuietly() {
        try {
            checkCache();
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again
            LOG.warn("cache hit rate check failed: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void start() {
        running = true;
        if (!properties.enabled()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "system-events");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.interval().toMillis();
        timer.scheduleWithFixedDelay(this::checkQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
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
        return running;
    }
}
