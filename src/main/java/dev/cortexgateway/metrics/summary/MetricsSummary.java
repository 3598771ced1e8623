package dev.cortexgateway.metrics.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.cache.CacheCounters;
import dev.cortexgateway.metrics.RouteTraffic;
import dev.cortexgateway.store.MetricReportStore;
import dev.cortexgateway.store.ResponseCacheStore;
import dev.cortexgateway.tools.ToolUsage;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/metrics}: this instance's recent traffic as one JSON document, for people and
 * benchmark harnesses that do not run Prometheus. Rates and latency cover the last five minutes
 * ({@link RouteTraffic}); tool and cache counts are since this instance started; report counts come
 * from the database and so cover every instance. The shape is the contract's {@code MetricsSummary}.
 *
 * <p>A package of its own, above {@code metrics}: it reads the tools' and the cache's counters, and
 * the instruments in {@code metrics} that {@code tools} and {@code cache} use must not point back at
 * them (docs/decisions/0033-one-job-runner-and-the-package-graph.md).
 */
@Component("metricsSummary")
public final class MetricsSummary {

    static final String WINDOW = "5m";
    static final String QUERY_ROUTE = "query";
    private static final int MOST_USED = 10;
    private static final double WINDOW_MINUTES = RouteTraffic.WINDOW.toSeconds() / 60.0;

    private final RouteTraffic traffic;
    private final ToolUsage tools;
    private final ResponseCacheStore cache;
    private final MetricReportStore reports;
    private final CacheCounters cacheCounters;
    private final ObjectMapper json;
    private final Clock clock;

    public MetricsSummary(RouteTraffic traffic, ToolUsage tools, ResponseCacheStore cache, MetricReportStore reports,
                          CacheCounters cacheCounters, ObjectMapper json, Clock clock) {
        this.cacheCounters = cacheCounters;
        this.traffic = traffic;
        this.tools = tools;
        this.cache = cache;
        this.reports = reports;
        this.json = json;
        this.clock = clock;
    }

    public ObjectNode summary() {
        RouteTraffic.Recent all = traffic.overall();
        ResponseCacheStore.Stats cacheStats = cache.stats();
        String now = clock.instant().toString();
        ObjectNode summary = json.createObjectNode();
        putContractGroups(summary, cacheStats);
        summary.put("timestamp", now)
                .put("window", WINDOW)
                .put("generatedAt", now)
                .put("requests", all.requests())
                .put("requestsPerMinute", round(all.requests() / WINDOW_MINUTES));
        summary.set("latencyMs", latency(all.latencyMs()));
        summary.put("errorRate", rate(all.serverErrors(), all.requests()))
                .put("clientErrorRate", rate(all.clientErrors(), all.requests()));

        ResponseCacheStore.Stats stats = cacheStats;
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

    /**
     * The contract's groups: {@code performance} is about {@code POST /api/v1/query} (route {@value #QUERY_ROUTE}):
     * queries per minute and 5xx share over the window, mean latency since start; the cache's hit rate and
     * savings (in tokens) and the tools' counts are since start. Rates are percentages; a rate or mean with
     * nothing to divide by is null.
     */
    private void putContractGroups(ObjectNode summary, ResponseCacheStore.Stats stats) {
        RouteTraffic.Recent queries = traffic.recent(QUERY_ROUTE);
        long lookups = stats.hits() + stats.misses();
        ObjectNode performance = summary.putObject("performance")
                .put("queries_per_minute", round(queries.requests() / WINDOW_MINUTES));
        putNullable(performance, "average_latency_ms", round(traffic.averageLatencyMs(QUERY_ROUTE)));
        putNullable(performance, "cache_hit_rate", percent(stats.hits(), lookups));
        putNullable(performance, "error_rate", percent(queries.serverErrors(), queries.requests()));
        summary.putObject("cache_metrics")
                .put("total_entries", stats.entries())
                .put("memory_usage_mb", round(stats.bytes() / (1024.0 * 1024.0)))
                .put("hit_count", stats.hits())
                .put("miss_count", stats.misses())
                .put("cost_savings_total", cacheCounters.tokensSaved());

        Map<String, ObjectNode> usage = tools.all();
        long calls = 0;
        long failures = 0;
        double millis = 0;
        for (ObjectNode tool : usage.values()) {
            long toolCalls = tool.path("calls").asLong();
            calls += toolCalls;
            failures += tool.path("failures").asLong();
            millis += tool.path("averageLatencyMs").asDouble() * toolCalls;
        }
        ObjectNode toolMetrics = summary.putObject("tool_metrics").put("total_executions", calls);
        putNullable(toolMetrics, "success_rate", percent(calls - failures, calls));
        putNullable(toolMetrics, "average_execution_time_ms", calls == 0 ? null : round(millis / calls));
        ArrayNode mostUsed = toolMetrics.putArray("most_used");
        usage.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, ObjectNode> e) -> -e.getValue().path("calls").asLong())
                        .thenComparing(Map.Entry::getKey))
                .limit(MOST_USED)
                .forEach(e -> mostUsed.addObject().put("name", e.getKey()).put("count", e.getValue().path("calls").asLong()));
    }

    private static Double percent(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 1000.0 / whole) / 10.0;
    }

    private static Double round(Double value) {
        return value == null ? null : round(value.doubleValue());
    }

    private static void putNullable(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
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
