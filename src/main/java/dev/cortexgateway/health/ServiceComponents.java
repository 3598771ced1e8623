package dev.cortexgateway.health;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.cortexgateway.store.ResponseCacheStore;
import dev.cortexgateway.store.ToolRegistryStore;
import dev.cortexgateway.tools.BuiltInTools;
import dev.cortexgateway.tools.Tool;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * The parts of the detailed health report that describe the gateway as a service, in the contract's
 * shape: the answer cache, the tool registry, the database's connection pool and the external
 * services by the names of this gateway's upstreams. Statuses use the report's words
 * ({@code healthy}, {@code degraded}, {@code unhealthy}); a number the gateway cannot read is null.
 */
@Component
final class ServiceComponents {

    static final String HEALTHY = "healthy";
    static final String DEGRADED = "degraded";
    static final String UNHEALTHY = "unhealthy";

    private final ResponseCacheStore cache;
    private final BuiltInTools builtIns;
    private final ToolRegistryStore registry;
    private final DataSource dataSource;

    ServiceComponents(ResponseCacheStore cache, BuiltInTools builtIns, ToolRegistryStore registry, DataSource dataSource) {
        this.cache = cache;
        this.builtIns = builtIns;
        this.registry = registry;
        this.dataSource = dataSource;
    }

    /** The answer cache: its store's probe, hit rate in percent (null before a lookup), entries. */
    Map<String, Object> cache(boolean storeUp) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", storeUp ? HEALTHY : UNHEALTHY);
        try {
            ResponseCacheStore.Stats stats = cache.stats();
            long lookups = stats.hits() + stats.misses();
            report.put("hit_rate", lookups == 0 ? null : Math.round(stats.hits() * 1000.0 / lookups) / 10.0);
            report.put("total_entries", stats.entries());
        } catch (RuntimeException e) {
            report.put("hit_rate", null);
            report.put("total_entries", null);
        }
        return report;
    }

    /** Built-in and registered tools, and how many of them are enabled; unhealthy when the registry cannot be read. */
    Map<String, Object> tools() {
        Map<String, Object> report = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        int available = 0;
        for (Tool tool : builtIns.all()) {
            names.add(tool.name());
            available += tool.enabled() ? 1 : 0;
        }
        try {
            for (ToolRegistryStore.Tool stored : registry.list()) {
                if (names.add(stored.name())) {
                    available += stored.enabled() ? 1 : 0;
                }
            }
            report.put("status", HEALTHY);
            report.put("registered_count", names.size());
            report.put("available_count", available);
        } catch (RuntimeException e) {
            // the registered tools are unknown while their store is down
            report.put("status", UNHEALTHY);
            report.put("registered_count", null);
            report.put("available_count", null);
        }
        return report;
    }

    /** Connections of the database pool now (null when the data source is not a started Hikari pool). */
    Map<String, Object> connectionPool() {
        Map<String, Object> pool = new LinkedHashMap<>();
        Integer active = null;
        Integer idle = null;
        Integer max = null;
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
                max = hikari.getMaximumPoolSize();
                HikariPoolMXBean bean = hikari.getHikariPoolMXBean();
                if (bean != null) {
                    active = bean.getActiveConnections();
                    idle = bean.getIdleConnections();
                }
            }
        } catch (Exception e) {
            // unknown: nulls
        }
        pool.put("active", active);
        pool.put("idle", idle);
        pool.put("max", max);
        return pool;
    }

    /**
     * One status per upstream the gateway calls: unhealthy when its probe failed, degraded while its
     * circuit breaker is not closed (calls are refused for a while), healthy otherwise.
     *
     * @param reachable upstream name -> probe result, for the upstreams that can be probed
     * @param circuits  upstream name -> breaker state (closed, open, half_open...)
     */
    static Map<String, Object> externalServices(Map<String, Boolean> reachable, Map<String, String> circuits) {
        Map<String, Object> services = new LinkedHashMap<>();
        Set<String> names = new java.util.LinkedHashSet<>(reachable.keySet());
        names.addAll(circuits.keySet());
        for (String name : names) {
            Boolean up = reachable.get(name);
            String state = circuits.get(name);
            services.put(name, Boolean.FALSE.equals(up) ? UNHEALTHY
                    : state != null && !"closed".equals(state) ? DEGRADED : HEALTHY);
        }
        return services;
    }
}
