package dev.cortexgateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.config.InProcessStoreProperties;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.store.ResponseCacheStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/cache/status} and {@code DELETE /api/v1/cache/entries}. Invalidations are logged
 * with who asked, the criteria's names, the reason and the counts, never a question's text.
 */
@Component("cacheManagement")
public final class CacheManagement {

    private static final Logger LOG = LoggerFactory.getLogger(CacheManagement.class);
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private final ResponseCacheStore store;
    private final CacheCounters counters;
    private final CacheProperties properties;
    private final InProcessStoreProperties stores;
    private final ObjectMapper json;
    private final Clock clock;

    public CacheManagement(ResponseCacheStore store, CacheCounters counters, CacheProperties properties,
                           InProcessStoreProperties stores, ObjectMapper json, Clock clock) {
        this.store = store;
        this.counters = counters;
        this.properties = properties;
        this.stores = stores;
        this.json = json;
        this.clock = clock;
    }

    public ObjectNode status() {
        ResponseCacheStore.Stats stats = store.stats();
        long lookups = stats.hits() + stats.misses();
        ObjectNode node = json.createObjectNode()
                .put("backend", store.backend())
                .put("entries", stats.entries())
                .put("max_entries", stores.cache().maxEntries())
                .put("ttl_seconds", properties.ttl().toSeconds());
        node.putObject("memory")
                .put("estimated_bytes", stats.bytes())
                .put("estimated_mb", mb(stats.bytes()))
                .put("basis", "UTF-8 size of the cached answers, prefixes and normalized queries; JVM object overhead not included");
        if (lookups == 0) {
            node.putNull("hit_rate");
        } else {
            node.put("hit_rate", Math.round(stats.hits() * 10000.0 / lookups) / 10000.0);
        }
        node.put("hits", stats.hits()).put("misses", stats.misses());
        putNullable(node, "avg_hit_latency_ms", counters.averageHitMs());
        putNullable(node, "avg_miss_latency_ms", counters.averageMissMs());
        node.put("cost_saved_tokens", counters.tokensSaved());
        putContractGroups(node, stats, lookups);
        return node;
    }

    /**
     * The contract's groups of the same facts: the cache is shared by every prefix (so no single
     * {@code cache_prefix}: null), bounded in entries, not bytes (so no {@code max_mb} and no
     * utilization: null), rates in percent, and savings counted in tokens, the unit Cortex bills in
     * (the gateway knows no price).
     */
    private void putContractGroups(ObjectNode node, ResponseCacheStore.Stats stats, long lookups) {
        node.putNull("cache_prefix");
        node.put("total_entries", stats.entries());
        node.putObject("memory_usage")
                .put("current_mb", mb(stats.bytes()))
                .putNull("max_mb")
                .putNull("utilization_percent");
        ObjectNode performance = node.putObject("performance");
        putNullable(performance, "hit_rate", lookups == 0 ? null : Math.round(stats.hits() * 1000.0 / lookups) / 10.0);
        putNullable(performance, "average_hit_latency_ms", counters.averageHitMs());
        putNullable(performance, "average_miss_latency_ms", counters.averageMissMs());
        ObjectNode savings = node.putObject("cost_savings").put("total_saved", counters.tokensSaved()).put("currency", "tokens");
        putNullable(savings, "savings_percent", counters.savingsPercent());
    }

    /**
     * {@code DELETE /api/v1/cache/entries}: the route passes the validated body and the caller
     * ({@code invalidate(${exchangeProperty.requestJson}, ${exchangeProperty.principal})}).
     */
    public ObjectNode invalidate(JsonNode body, VerifiedToken caller) {
        String type = body.path("invalidation_type").asText();
        JsonNode criteria = body.path("criteria");
        Predicate<ResponseCacheStore.Entry> matches = "all".equals(type) ? entry -> true : selective(criteria);
        ResponseCacheStore.Removed removed = store.invalidate(matches);
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<String> names = new ArrayList<>();
        criteria.fieldNames().forEachRemaining(names::add);
        LOG.info("cache invalidation {} by {}: {} {}, reason '{}': {} entries, {} bytes", id, caller.clientId(), type,
                "all".equals(type) ? "[]" : names, printable(body.path("reason").asText("")), removed.entries(), removed.bytes());
        return json.createObjectNode()
                .put("invalidation_id", id)
                .put("invalidation_type", type)
                .put("entries_affected", removed.entries())
                .put("freed_memory_mb", mb(removed.bytes()))
                .put("freed_memory_bytes", removed.bytes())
                .put("status", "completed")
                .put("timestamp", now.toString());
    }

    /** Every criterion given must match; at least one must be given. */
    private Predicate<ResponseCacheStore.Entry> selective(JsonNode criteria) {
        List<Predicate<ResponseCacheStore.Entry>> all = new ArrayList<>();
        if (criteria.hasNonNull("prefix")) {
            String prefix = criteria.get("prefix").asText();
            all.add(entry -> entry.meta().prefix().equals(prefix));
        }
        if (criteria.hasNonNull("age_days")) {
            Instant cutoff = clock.instant().minus(Duration.ofMillis(Math.round(criteria.get("age_days").asDouble() * 86_400_000)));
            all.add(entry -> !entry.storedAt().isAfter(cutoff));
        }
        if (criteria.hasNonNull("pattern")) {
            Pattern glob = glob(CacheKeys.normalize(criteria.get("pattern").asText()));
            all.add(entry -> glob.matcher(entry.meta().normalizedQuery()).matches());
        }
        if (all.isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "A selective invalidation needs at least one criterion",
                    "Give criteria.prefix, criteria.age_days or criteria.pattern, or use invalidation_type all",
                    Map.of("fields", List.of(Map.of("field", "/criteria", "message", "needs prefix, age_days or pattern"))));
        }
        return entry -> all.stream().allMatch(p -> p.test(entry));
    }

    /** {@code *} any run of characters, {@code ?} one character, everything else literal; the whole query must match. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    static double mb(long bytes) {
        return Math.round(bytes / BYTES_PER_MB * 1_000_000) / 1_000_000.0;
    }

    private static void putNullable(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    /** The reason as one short printable line: it is the operator's text, so it is bounded before it is logged. */
    private static String printable(String reason) {
        String line = reason.replaceAll("\\p{Cntrl}", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
