package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Call counts and latency per tool, for the registry listing. Kept per instance, in memory: they
 * describe how this gateway has been used since it started, and the Prometheus counters
 * (camel_exchanges_total per tool route) are the fleet-wide view.
 */
@Component
public final class ToolUsage {

    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private final ObjectMapper json;
    private final Clock clock;

    public ToolUsage(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    public void record(String tool, boolean succeeded, long latencyMillis) {
        Counters c = counters.computeIfAbsent(tool, t -> new Counters());
        Instant now = clock.instant();
        c.calls.incrementAndGet();
        if (!succeeded) {
            c.failures.incrementAndGet();
        }
        c.totalMillis.addAndGet(latencyMillis);
        c.lastCalledAt.set(now);
        c.lastDay.record(now);
    }

    /**
     * The FACT API's {@code usage_stats} (list) / {@code usage_statistics} (detail) from the same
     * counters: {@code total_calls, successful_calls, failed_calls, success_rate} (percent, null
     * before the first call), {@code average_execution_time_ms} (null before the first call) and
     * {@code last_24h_calls}; on this instance since it started, like {@link #of}.
     */
    public ObjectNode statistics(String tool) {
        Counters c = counters.get(tool);
        long calls = c == null ? 0 : c.calls.get();
        long failures = c == null ? 0 : c.failures.get();
        ObjectNode node = json.createObjectNode()
                .put("total_calls", calls)
                .put("successful_calls", calls - failures)
                .put("failed_calls", failures);
        if (calls == 0) {
            node.putNull("success_rate").putNull("average_execution_time_ms");
        } else {
            node.put("success_rate", Math.round(1000.0 * (calls - failures) / calls) / 10.0)
                    .put("average_execution_time_ms", Math.round(10.0 * c.totalMillis.get() / calls) / 10.0);
        }
        node.put("last_24h_calls", c == null ? 0 : c.lastDay.count(clock.instant()));
        return node;
    }

    public ObjectNode of(String tool) {
        Counters c = counters.get(tool);
        ObjectNode node = json.createObjectNode();
        long calls = c == null ? 0 : c.calls.get();
        node.put("calls", calls)
                .put("failures", c == null ? 0 : c.failures.get())
                .put("averageLatencyMs", calls == 0 ? 0 : c.totalMillis.get() / calls);
        Instant last = c == null ? null : c.lastCalledAt.get();
        if (last == null) {
            node.putNull("lastCalledAt");
        } else {
            node.put("lastCalledAt", last.toString());
        }
        return node;
    }

    /** Every tool called on this instance since it started, by name. */
    public Map<String, ObjectNode> all() {
        Map<String, ObjectNode> all = new java.util.TreeMap<>();
        counters.keySet().forEach(tool -> all.put(tool, of(tool)));
        return all;
    }

    private static final class Counters {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong totalMillis = new AtomicLong();
        final AtomicReference<Instant> lastCalledAt = new AtomicReference<>();
        final DayWindow lastDay = new DayWindow();
    }
}
