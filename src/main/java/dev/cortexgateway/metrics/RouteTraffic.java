package dev.cortexgateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What each route served recently, as ops read it in {@code GET /api/v1/pipelines} and
 * {@code GET /api/v1/metrics}: request, client-error and server-error counts over the last five
 * minutes (sliding, in 10 s slots) and latency percentiles over a decaying five-minute window.
 * Fed once per finished request by the access log filter, which knows the route and the final status
 * also of streams. The latency timer ({@value #TIMER}) is also scraped by Prometheus, and so is a
 * count of answers by route and status ({@value #RESPONSES}), which the alert rules divide for the
 * error and 5xx shares of a route: by route id, the name ops switch in {@code /api/v1/pipelines}.
 */
@Component
public final class RouteTraffic {

    public static final String TIMER = "gateway.route.requests";
    public static final String RESPONSES = "gateway.route.responses";
    public static final Duration WINDOW = Duration.ofMinutes(5);
    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;
    /**
     * Latency over every route, for GET /api/v1/metrics. Kept out of the scraped registry on purpose:
     * Prometheus sums the per-route series itself, and a second series would count requests twice.
     */
    private final Timer allRoutes;

    @Autowired
    public RouteTraffic(MeterRegistry registry, ObjectProvider<Clock> clock) {
        this(registry, clock.getIfAvailable(Clock::systemUTC));
    }

    RouteTraffic(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.allRoutes = Timer.builder(TIMER)
                .publishPercentiles(PERCENTILES)
                .distributionStatisticExpiry(WINDOW)
                .distributionStatisticBufferLength(5)
                .register(new SimpleMeterRegistry());
    }

    /** One finished request of {@code routeId} (requests that no route served are not recorded). */
    public void record(String routeId, int status, long durationNanos) {
        Route route = routes.computeIfAbsent(routeId, this::route);
        route.counts.add(clock.millis(), status);
        route.latency.record(durationNanos, TimeUnit.NANOSECONDS);
        route.responses.computeIfAbsent(status, code -> Counter.builder(RESPONSES)
                .description("Answers of a gateway route by HTTP status (streams: the status they opened with)")
                .tag("route", routeId).tag("status", Integer.toString(code))
                .register(registry)).increment();
        allRoutes.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    /** The last five minutes over every route: summed counts, latency percentiles of all requests. */
    public Recent overall() {
        long now = clock.millis();
        long requests = 0;
        long clientErrors = 0;
        long serverErrors = 0;
        for (Route route : routes.values()) {
            SlidingCounts.Totals totals = route.counts.totals(now);
            requests += totals.requests();
            clientErrors += totals.clientErrors();
            serverErrors += totals.serverErrors();
        }
        return new Recent(requests, clientErrors, serverErrors, percentiles(allRoutes));
    }

    /** The last five minutes of one route; zeros for a route that served nothing yet. */
    public Recent recent(String routeId) {
        Route route = routes.get(routeId);
        return route == null ? Recent.NONE : route.recent(clock.millis());
    }

    /** Every route that served a request since start, by id. */
    public Map<String, Recent> all() {
        Map<String, Recent> all = new LinkedHashMap<>();
        long now = clock.millis();
        routes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> all.put(e.getKey(), e.getValue().recent(now)));
        return all;
    }

    /** Mean latency of {@code routeId}'s requests since this instance started, in ms; null before its first. */
    public Double averageLatencyMs(String routeId) {
        Route route = routes.get(routeId);
        if (route == null || route.latency.count() == 0) {
            return null;
        }
        return route.latency.mean(TimeUnit.MILLISECONDS);
    }

    private Route route(String routeId) {
        Timer latency = Timer.builder(TIMER)
                .description("Requests served by a gateway route, from the first byte in to the last byte out")
                .tag("route", routeId)
                .publishPercentiles(PERCENTILES)
                .distributionStatisticExpiry(WINDOW)
                .distributionStatisticBufferLength(5)
                .register(registry);
        return new Route(new SlidingCounts(WINDOW, Duration.ofSeconds(10)), latency, new ConcurrentHashMap<>());
    }

    /** @param responses the route's answer counter per status, so a request does not look its meter up by name */
    private record Route(SlidingCounts counts, Timer latency, Map<Integer, Counter> responses) {
        Recent recent(long now) {
            SlidingCounts.Totals totals = counts.totals(now);
            return new Recent(totals.requests(), totals.clientErrors(), totals.serverErrors(), percentiles(latency));
        }
    }

    private static Map<String, Double> percentiles(Timer latency) {
        Map<String, Double> percentiles = new LinkedHashMap<>();
        for (ValueAtPercentile p : latency.takeSnapshot().percentileValues()) {
            percentiles.put("p" + Math.round(p.percentile() * 100), p.value(TimeUnit.MILLISECONDS));
        }
        return percentiles;
    }

    /**
     * @param latencyMs p50, p95, p99 in milliseconds (empty before the first request)
     */
    public record Recent(long requests, long clientErrors, long serverErrors, Map<String, Double> latencyMs) {
        static final Recent NONE = new Recent(0, 0, 0, Map.of());

        /** Answers with status 5xx per request; 0 without requests. */
        public double serverErrorRate() {
            return requests == 0 ? 0 : (double) serverErrors / requests;
        }
    }
}
