package dev.cortexgateway.health;

import dev.cortexgateway.cortex.CortexAgentClient;
import dev.cortexgateway.sql.SqlWarehouse;
import dev.cortexgateway.store.ResponseCacheStore;
import dev.cortexgateway.store.StateStore;
import dev.cortexgateway.upstream.UpstreamBreakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * Answers {@code GET /api/v1/health}. Liveness is constant-time and touches nothing; the detailed
 * report probes the database, every store, the upstream and the routes. The database and the stores
 * are critical (503 when one is down), except stores every instance shares ({@link StateStore#critical()}
 * false: the Redis stores, whose outage policies keep the gateway serving); those, an unreachable
 * upstream or a stopped route only degrade, because the gateway can still answer what does not need them.
 * Who may see the detailed report on which port: {@link HealthExposure}.
 */
@Component("healthReport")
public final class HealthReport {

    private static final int PROBE_TIMEOUT_MS = 1000;

    private final DataSource dataSource;
    private final List<StateStore> stores;
    private final CamelContext camel;
    private final CortexAgentClient cortex;
    private final String version;
    private final SqlWarehouse warehouse;
    private final UpstreamBreakers breakers;
    private final ServiceComponents service;

    public HealthReport(DataSource dataSource, ObjectProvider<StateStore> stores, CamelContext camel,
                        CortexAgentClient cortex, ObjectProvider<BuildProperties> build, SqlWarehouse warehouse,
                        UpstreamBreakers breakers, ServiceComponents service) {
        this.service = service;
        this.warehouse = warehouse;
        this.breakers = breakers;
        this.dataSource = dataSource;
        this.stores = stores.orderedStream().toList();
        this.camel = camel;
        this.cortex = cortex;
        BuildProperties properties = build.getIfAvailable();
        this.version = properties == null ? "dev" : properties.getVersion();
    }

    public Map<String, Object> liveness() {
        return Map.of("status", "ok");
    }

    /** For the health route: the report, and 503 when a critical part is down. */
    public Map<String, Object> detailed(Exchange exchange) {
        Map<String, Object> answer = report();
        if (unhealthy(answer)) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
        }
        return answer;
    }

    /** True when the report says a critical part (database, a store this instance keeps) is down. */
    public static boolean unhealthy(Map<String, Object> report) {
        return "unhealthy".equals(report.get("status"));
    }

    /**
     * Probes the database, every store, the upstream, the warehouse, the breakers and the routes. The
     * contract's components ({@code cache}, {@code tools}, {@code database} with its connection pool,
     * {@code external_services}) come first; the gateway's own detail ({@code stores}, {@code upstream},
     * {@code warehouse}, {@code circuitBreakers}, {@code routes}) follows and keeps its {@code up}/{@code down} words.
     */
    public Map<String, Object> report() {
        Map<String, Object> components = new LinkedHashMap<>();
        boolean critical = true;
        boolean degraded = false;

        Map<String, Object> database = database();
        boolean databaseUp = "up".equals(database.remove("status"));
        critical &= databaseUp;

        Map<String, Object> storeReports = new LinkedHashMap<>();
        boolean cacheStoreUp = true;
        for (StateStore store : stores) {
            Map<String, Object> report = probe(store);
            storeReports.put(store.kind(), report);
            boolean up = "up".equals(report.get("status"));
            if (store instanceof ResponseCacheStore) {
                cacheStoreUp = up;
            }
            // a store every instance shares (Redis) only degrades: 503 everywhere would be a full outage
            if (store.critical()) {
                critical &= up;
            } else {
                degraded |= !up;
            }
        }

        Map<String, Object> upstream = upstream();
        degraded |= !"up".equals(upstream.get("status"));

        // the warehouse is one tool's upstream: without it sql_exec fails (424), the rest works
        Map<String, Object> warehouseReport = warehouse();
        degraded |= !"up".equals(warehouseReport.get("status"));

        // an open circuit means the gateway refuses that upstream's calls for a while: degraded, not down
        Map<String, Object> circuits = circuits();
        degraded |= circuits.values().stream().anyMatch(report -> !"closed".equals(((Map<?, ?>) report).get("state")));

        Map<String, Object> routes = routes();
        degraded |= ((Number) routes.get("stopped")).intValue() > 0;

        Map<String, Object> tools = service.tools();
        degraded |= !ServiceComponents.HEALTHY.equals(tools.get("status"));

        Map<String, Object> databaseReport = new LinkedHashMap<>();
        databaseReport.put("status", databaseUp ? ServiceComponents.HEALTHY : ServiceComponents.UNHEALTHY);
        databaseReport.put("connection_pool", service.connectionPool());
        databaseReport.putAll(database);
        Map<String, Boolean> reachable = new LinkedHashMap<>();
        reachable.put("cortex", "up".equals(upstream.get("status")));
        reachable.put("warehouse", "up".equals(warehouseReport.get("status")));
        Map<String, String> states = new LinkedHashMap<>();
        circuits.forEach((name, report) -> states.put(name, String.valueOf(((Map<?, ?>) report).get("state"))));

        components.put("cache", service.cache(cacheStoreUp));
        components.put("tools", tools);
        components.put("database", databaseReport);
        components.put("external_services", ServiceComponents.externalServices(reachable, states));
        components.put("stores", storeReports);
        components.put("upstream", upstream);
        components.put("warehouse", warehouseReport);
        components.put("circuitBreakers", circuits);
        components.put("routes", routes);

        String status = !critical ? ServiceComponents.UNHEALTHY : degraded ? ServiceComponents.DEGRADED : ServiceComponents.HEALTHY;
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        String now = Instant.now().toString();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", status);
        answer.put("version", version);
        answer.put("uptime_seconds", uptime);
        answer.put("uptimeSeconds", uptime);
        answer.put("timestamp", now);
        answer.put("checkedAt", now);
        answer.put("components", components);
        return answer;
    }

    /** The database answers now (for the health gauges: the same probe the report makes). */
    boolean databaseUp() {
        return "up".equals(database().get("status"));
    }

    /** The stores this instance uses, for the health gauges. */
    List<StateStore> stores() {
        return stores;
    }

    /** {@code store} answers now (the same probe the report makes). */
    static boolean up(StateStore store) {
        return "up".equals(probe(store).get("status"));
    }

    private Map<String, Object> database() {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(PROBE_TIMEOUT_MS / 1000 + 1);
            return new LinkedHashMap<>(Map.of("status", valid ? "up" : "down",
                    "product", connection.getMetaData().getDatabaseProductName(),
                    "latencyMs", elapsedMs(started)));
        } catch (Exception e) {
            // the driver's message can name hosts and users: report the kind of failure only
            return new LinkedHashMap<>(Map.of("status", "down", "error", e.getClass().getSimpleName()));
        }
    }

    private static Map<String, Object> probe(StateStore store) {
        long started = System.nanoTime();
        try {
            store.ping();
            return Map.of("status", "up", "backend", store.backend(), "latencyMs", elapsedMs(started));
        } catch (Exception e) {
            return Map.of("status", "down", "backend", store.backend(), "error", e.getClass().getSimpleName());
        }
    }

    private Map<String, Object> upstream() {
        URI url = cortex.baseUrl();
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), PROBE_TIMEOUT_MS);
            return Map.of("status", "up", "host", url.getHost(), "latencyMs", elapsedMs(started));
        } catch (Exception e) {
            return Map.of("status", "down", "host", String.valueOf(url.getHost()), "error", e.getClass().getSimpleName());
        }
    }

    private Map<String, Object> warehouse() {
        long started = System.nanoTime();
        boolean up = warehouse.ping();
        return Map.of("status", up ? "up" : "down", "dialect", warehouse.dialect().name().toLowerCase(),
                "activeConnections", warehouse.activeConnections(), "latencyMs", elapsedMs(started));
    }

    private Map<String, Object> circuits() {
        Map<String, Object> byUpstream = new LinkedHashMap<>();
        breakers.states().forEach((upstream, state) -> {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("state", state.name().toLowerCase());
            report.put("failureRate", breakers.breaker(upstream).getMetrics().getFailureRate());
            if (state == CircuitBreaker.State.OPEN) {
                report.put("retryAfterSeconds", breakers.retryAfterSeconds(upstream));
            }
            byUpstream.put(upstream, report);
        });
        return byUpstream;
    }

    private Map<String, Object> routes() {
        Map<String, Object> byId = new LinkedHashMap<>();
        int stopped = 0;
        for (Route route : camel.getRoutes()) {
            String state = camel.getRouteController().getRouteStatus(route.getRouteId()).name().toLowerCase();
            byId.put(route.getRouteId(), state);
            if (!"started".equals(state)) {
                stopped++;
            }
        }
        return Map.of("total", byId.size(), "stopped", stopped, "status", byId);
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
