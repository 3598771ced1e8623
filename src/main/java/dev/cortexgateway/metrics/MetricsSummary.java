package dev.cortexgateway.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.store.MetricReportStore;
import dev.cortexgateway.store.ResponseCacheStore;
import dev.cortexgateway.tools.ToolUsage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/metrics}: this instance's recent traffic as one JSON document, for people and
 * benchmark harnesses that do not run Prometheus. Rates and latency cover the last five minutes
 * ({@link RouteTraffic}); tool and cache counts are since this instance started; report counts come
 * from the database and so cover every instance. The shape is the contract's {@code MetricsSummary}.
 */
@Component("metricsSummary")
public final class MetricsSummary {

    static final String WINDOW = "5m";
    private static final double WINDOW_MINUTES = RouteTraffic.WINDOW.toSeconds() / 60.0;

    private final RouteTraffic traffic;
    private final ToolUsage tools;
    private final ResponseCacheStore cache;
    private final MetricReportStore reports;
    private final ObjectMapper json;
    private final Clock clock;

    public MetricsSummary(RouteTraffic traffic, ToolUsage tools, ResponseCacheStore cache, MetricReportStore reports,
                          ObjectMapper json, Clock clock) {
        this.traffic = traffic;
        this.tools = tools;
        this.cache = cache;
        this.reports = reports;
        this.json = json;
        this.clock = clock;
    }

    public ObjectNode summary() {
        RouteTraffic.Recent all = traffic.overall();
        ObjectNode summary = json.createObjectNode()
                .put("window", WINDOW)
                .put("generatedAt", clock.instant().toString())
                .put("requests", all.requests())
                .put("requestsPerMinute", round(all.requests() / WINDOW_MINUTES));
        summary.set("latencyMs", latency(all.latencyMs()));
        summary.put("errorRate", rate(all.serverErrors(), all.requests()))
                .put("clientErrorRate", rate(all.clientErrors(), all.requests()));

        ResponseCacheStore.Stats stats = cache.stats();
        long lookups = stats.hits() + stats.misses();
        if (lookups == 0) {
            // no made-up number: nothing has looked anything up in the cache yet
            summary.putNull("cacheHitRate");
        } else {
            summary.put("cacheHitRate", rate(stats.hits(), lookups));
        }
        summary.putObject("cache").put("hits", stats.hits()).put("misses", stats.misses()).put("entries", stats.entries());

        ObjectNode routes = summary.putObject("routes");
        traffic.all().forEach((id, recent) -> {
            ObjectNode route = routes.putObject(id)
                    .put("requests", recent.requests())
                    .put("requestsPerMinute", round(recent.requests() / WINDOW_MINUTES))
                    .put("clientErrors", recent.clientErrors())
                    .put("serverErrors", recent.serverErrors())
                    .put("errorRate", rate(recent.serverErrors(), recent.requests()));
            route.set("latencyMs", latency(recent.latencyMs()));
        });

        ObjectNode toolNodes = summary.putObject("tools");
        tools.all().forEach((name, usage) -> toolNodes.putObject(name)
                .put("calls", usage.path("calls").asLong())
                .put("failures", usage.path("failures").asLong())
                .put("avgMs", usage.path("averageLatencyMs").asLong())
                .set("lastCalledAt", usage.path("lastCalledAt")));

        List<MetricReportStore.Report> last = reports.recent(1);
        ObjectNode reportNode = summary.putObject("reports").put("stored", reports.count());
        if (last.isEmpty()) {
            reportNode.putNull("lastReceivedAt");
        } else {
            reportNode.put("lastReceivedAt", last.get(0).receivedAt().toString());
        }
        return summary;
    }

    private ObjectNode latency(Map<String, Double> percentiles) {
        ObjectNode node = json.createObjectNode();
        for (String p : new String[] {"p50", "p95", "p99"}) {
            Double value = percentiles.get(p);
            if (value == null) {
                node.putNull(p);
            } else {
                node.put(p, round(value));
            }
        }
        return node;
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : round((double) part / whole);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
