package dev.cortexgateway.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of each {@code system_event} (docs/websocket.md): {@code event} names what happened and
 * {@code data} holds its details, always with a {@code recommendation} (what an operator can do about
 * it). Rates are percents (0..100, one decimal), as the FACT API's system events carry them.
 */
final class SystemEventMessages {

    static final String CACHE_HIT_RATE_LOW = "cache_hit_rate_low";
    static final String CACHE_HIT_RATE_RECOVERED = "cache_hit_rate_recovered";
    static final String CIRCUIT_OPEN = "circuit_open";
    static final String CIRCUIT_CLOSED = "circuit_closed";

    private SystemEventMessages() {
    }

    /**
     * @param hitRate   the interval's hit rate, 0..1
     * @param threshold the configured threshold, 0..1
     */
    static Map<String, Object> cacheHitRate(boolean low, double hitRate, double threshold, long lookups, long intervalSeconds) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("current_rate", percent(hitRate));
        data.put("threshold", percent(threshold));
        data.put("recommendation", low
                ? "Consider cache warming for common queries (POST /api/v1/cache/warm)"
                : "No action needed: the cache hit rate is back at or above the threshold");
        data.put("lookups", lookups);
        data.put("interval_seconds", intervalSeconds);
        return message(low ? CACHE_HIT_RATE_LOW : CACHE_HIT_RATE_RECOVERED, data);
    }

    /** @param from the breaker's state before, lower case */
    static Map<String, Object> circuit(boolean open, String upstream, String from) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("upstream", upstream);
        data.put("from", from);
        data.put("recommendation", open
                ? "Calls to the " + upstream + " upstream are refused with 503 CIRCUIT_OPEN until a trial call"
                        + " succeeds; check that upstream's health"
                : "No action needed: the " + upstream + " upstream answers again");
        return message(open ? CIRCUIT_OPEN : CIRCUIT_CLOSED, data);
    }

    /** A share (0..1) as a percent with one decimal: 0.755 is 75.5. */
    static double percent(double share) {
        return Math.round(share * 1000) / 10.0;
    }

    private static Map<String, Object> message(String event, Map<String, Object> data) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("event", event);
        message.put("data", data);
        return message;
    }
}
