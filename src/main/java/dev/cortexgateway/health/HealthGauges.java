package dev.cortexgateway.health;

import dev.cortexgateway.store.StateStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.stereotype.Component;

/**
 * The health report as gauges, for alert rules: {@code gateway_ready} (1 while the readiness probe
 * would answer 200, 0 from start-up until ready and from the first moment of a drain),
 * {@code gateway_database_up} and {@code gateway_store_up{store, backend}} (1 answered, 0 did not,
 * NaN before the first probe).
 *
 * <p>The database and store probes run on a thread of their own every {@link #PROBE_INTERVAL},
 * not during the scrape: a database that hangs would hold the scrape past Prometheus's timeout, and
 * the instance would look down ({@code up == 0}) instead of showing which dependency is.
 */
@Component
final class HealthGauges implements DisposableBean {

    /** Below the usual 15-30 s scrape interval, so a scrape sees a probe at most this old. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(10);

    private final HealthReport report;
    private final Map<String, Double> latest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "health-gauges");
        thread.setDaemon(true);
        return thread;
    });

    HealthGauges(HealthReport report, ApplicationAvailability availability, MeterRegistry meters) {
        this.report = report;
        Gauge.builder("gateway.ready", availability,
                        a -> a.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC ? 1 : 0)
                .description("1 while this instance accepts traffic (its readiness probe answers 200)").register(meters);
        Gauge.builder("gateway.database.up", latest, values -> values.getOrDefault("database", Double.NaN))
                .description("1 when the last database probe (every 10 s) answered, 0 when it failed").register(meters);
        for (StateStore store : report.stores()) {
            String key = "store:" + store.kind();
            Gauge.builder("gateway.store.up", latest, values -> values.getOrDefault(key, Double.NaN))
                    .description("1 when the last probe (every 10 s) of the store answered, 0 when it failed")
                    .tag("store", store.kind()).tag("backend", store.backend()).register(meters);
        }
        prober.scheduleWithFixedDelay(this::probe, 0, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        latest.put("database", report.databaseUp() ? 1.0 : 0.0);
        for (StateStore store : report.stores()) {
            latest.put("store:" + store.kind(), HealthReport.up(store) ? 1.0 : 0.0);
        }
    }

    @Override
    public void destroy() {
        prober.shutdownNow();
    }
}
