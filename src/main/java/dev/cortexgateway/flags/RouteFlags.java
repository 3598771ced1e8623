package dev.cortexgateway.flags;

import dev.cortexgateway.config.InvalidSettingException;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.store.FlagStore;
import dev.cortexgateway.store.FlagStore.Flag;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The feature-flag step of every HTTP route ({@code routeFlags.check}, wired once in routes/shared/gateway-errors.yaml's
 * interceptFrom) and the switches behind {@code POST /api/v1/pipelines/{id}/enable|disable}.
 *
 * <p>Requests read an in-memory view, never the database: the view is re-read from the {@link FlagStore}
 * every {@code gateway.flags.refresh-interval}, so a change made on another instance lands within that
 * interval, and at once when {@link FlagChanges} announces it (the Redis backend); a change made here
 * applies at once. When the database cannot be read the last known flags
 * keep serving (an outage must not switch routes off or on), and the failure is logged once, not per
 * request or per refresh.
 */
@Component("routeFlags")
public final class RouteFlags implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFlags.class);

    private final FlagStore store;
    private final FlagProperties properties;
    private final PipelineRoutes pipelines;
    private final FlagChanges changes;
    /** Serialises refreshes with local changes, so a refresh that read before a change cannot undo it. */
    private final Object writeLock = new Object();
    private volatile Map<String, Flag> stored = Map.of();
    private volatile boolean refreshFailing;
    private ScheduledExecutorService refresher;

    public RouteFlags(FlagStore store, FlagProperties properties, PipelineRoutes pipelines, FlagChanges changes) {
        this.changes = changes;
        this.store = store;
        this.properties = properties;
        this.pipelines = pipelines;
    }

    /** Pipeline step: a disabled route answers 503 ROUTE_DISABLED before anything else runs. */
    public void check(Exchange exchange) {
        String routeId = exchange.getFromRouteId();
        if (routeId != null && !enabled(routeId)) {
            throw new GatewayException(ErrorCode.ROUTE_DISABLED, "This endpoint is switched off by the gateway's operators",
                    "Retry later; operators switch it back on with POST /api/v1/pipelines/" + routeId + "/enable",
                    Map.of("pipeline", routeId));
        }
    }

    public boolean enabled(String routeId) {
        if (!PipelineRoutes.switchable(routeId)) {
            return true;
        }
        Flag flag = stored.get(routeId);
        return flag != null ? flag.enabled() : defaultOf(routeId);
    }

    public boolean defaultOf(String routeId) {
        return properties.defaults().getOrDefault(routeId, true);
    }

    /** Who last switched the route and when; empty while it is in its configured default. */
    public Optional<Flag> lastChange(String routeId) {
        return Optional.ofNullable(stored.get(routeId));
    }

    /**
     * Stores the switch (who, when) and applies it on this instance at once; others pick it up when it
     * is announced (on the Redis backend) or on their next refresh.
     */
    public Flag set(String routeId, boolean enabled, String changedBy) {
        Flag flag = store(routeId, enabled, changedBy);
        changes.announce(routeId);
        return flag;
    }

    private Flag store(String routeId, boolean enabled, String changedBy) {
        synchronized (writeLock) {
            Flag flag;
            try {
                flag = store.set(routeId, enabled, changedBy);
            } catch (DataAccessException e) {
                LOG.warn("feature flag of route {} could not be stored: {}", routeId, e.getClass().getSimpleName());
                throw new GatewayException(ErrorCode.SERVICE_UNAVAILABLE, "The flag could not be stored",
                        "The gateway's database is unavailable; retry later", Map.of("pipeline", routeId));
            }
            Map<String, Flag> next = new HashMap<>(stored);
            next.put(routeId, flag);
            stored = Map.copyOf(next);
            LOG.info("route {} {} by {}", routeId, enabled ? "enabled" : "disabled", changedBy);
            return flag;
        }
    }

    /** Re-reads every flag; on failure keeps the last known ones. */
    void refresh() {
        synchronized (writeLock) {
            List<Flag> flags;
            try {
                flags = store.list();
            } catch (RuntimeException e) {
                if (!refreshFailing) {
                    refreshFailing = true;
                    // the driver's message can name hosts and users: the kind of failure only
                    LOG.warn("feature flags cannot be read from the database ({}); serving the last known flags until it answers",
                            e.getClass().getSimpleName());
                }
                return;
            }
            Map<String, Flag> next = new HashMap<>();
            flags.forEach(flag -> next.put(flag.routeId(), flag));
            stored = Map.copyOf(next);
            if (refreshFailing) {
                refreshFailing = false;
                LOG.info("feature flags are read from the database again");
            }
        }
    }

    /** Unknown or unswitchable route ids in gateway.flags.defaults fail start-up, naming them. */
    @EventListener(ApplicationReadyEvent.class)
    public void checkDefaults() {
        Set<String> known = new TreeSet<>();
        pipelines.all().forEach(p -> known.add(p.id()));
        Set<String> unknown = new TreeSet<>(properties.defaults().keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new InvalidSettingException("gateway.flags.defaults", "names routes that are not pipelines: " + unknown,
                    "Use route ids that GET /api/v1/pipelines lists: " + known);
        }
        Set<String> locked = new TreeSet<>();
        properties.defaults().forEach((id, on) -> {
            if (!on && !PipelineRoutes.switchable(id)) {
                locked.add(id);
            }
        });
        if (!locked.isEmpty()) {
            throw new InvalidSettingException("gateway.flags.defaults", "switches off routes that cannot be switched off: " + locked,
                    "Remove them; they keep the gateway reachable and operable");
        }
    }

    @Override
    public void start() {
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "route-flags-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.refreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
        // an announced change is read at once, on the refresher's thread (never on the messaging thread)
        changes.onChange(this::refreshSoon);
    }

    private void refreshSoon() {
        ScheduledExecutorService current = refresher;
        if (current != null) {
            try {
                current.execute(this::refreshQuietly);
            } catch (RejectedExecutionException e) {
                // stopping: nothing left to refresh
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again
            LOG.warn("feature flag refresh failed: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }

    @Override
    public int getPhase() {
        // before the web server (Integer.MAX_VALUE - 1) starts taking requests: the first request sees the stored flags
        return 0;
    }
}
