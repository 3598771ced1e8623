package dev.cortexgateway.store.redis;

import dev.cortexgateway.config.RedisStoreProperties.Policy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where the Redis stores report a command that failed (Redis down, slow or refusing) and what they
 * did instead. Counted as {@code gateway_store_unavailable_total{store, decision}}; a warning is
 * logged once per outage and store, not once per request.
 */
@Component
@OnRedisBackend
public final class RedisOutages {

    private static final Logger LOG = LoggerFactory.getLogger(RedisOutages.class);

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

    public RedisOutages(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A command of {@code store} failed and the store decided {@code decision} (ALLOW: carried on,
     * DENY: refused the request).
     */
    public void failed(String store, Policy decision, RuntimeException cause) {
        counters.computeIfAbsent(store + "/" + decision, k -> Counter.builder("gateway.store.unavailable")
                .description("Store commands that failed because Redis did not answer, by what the store did instead")
                .tag("store", store).tag("decision", decision.name().toLowerCase())
                .register(registry)).increment();
        if (failing.put(store, Boolean.TRUE) == null) {
            LOG.warn("store {} cannot reach Redis ({}); requests are {} until it answers", store,
                    cause.getClass().getSimpleName(), decision == Policy.ALLOW ? "let through" : "refused");
        }
    }

    /** A command of {@code store} succeeded: ends its outage (logged once). */
    public void recovered(String store) {
        if (failing.remove(store) != null) {
            LOG.info("store {} reaches Redis again", store);
        }
    }
}
