package dev.cortexgateway.metrics;

import dev.cortexgateway.exchange.ExchangeKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The gateway's own share of a proxied request: its whole time minus the time it waited on the
 * upstream. For tool calls that is from the request's arrival (the first servlet filter) to the
 * moment the answer is ready, minus the {@link UpstreamClock} waits of the tool's pipeline; it is
 * answered in {@value #HEADER} and recorded in the {@value #METER} histogram. Chat streams record the
 * histogram only (see {@link ChatTimings}): their headers leave before the upstream has answered.
 */
@Component("gatewayOverhead")
public final class GatewayOverhead {

    public static final String METER = "gateway.overhead";
    public static final String HEADER = "X-Gateway-Overhead-Ms";
    /** Request attribute: when the request arrived ({@link System#nanoTime()}), set by web/AccessLogFilter. */
    public static final String STARTED_ATTRIBUTE = "gateway.startedNanos";

    private static final Duration[] BUCKETS = Arrays.stream(new double[] {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
            0.05, 0.1, 0.25, 0.5, 1, 2.5}).mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);

    private final MeterRegistry registry;
    /** The timer of each route, so a request does not build a meter id and look it up in the registry. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public GatewayOverhead(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The last step of a proxied route (routes/metrics.yaml, routeConfiguration {@code proxied-answer},
     * run before the answer is written, for successes and errors alike).
     */
    public void answer(Exchange exchange) {
        long total = System.nanoTime() - startedNanos(exchange);
        Long upstream = exchange.getProperty(ExchangeKeys.UPSTREAM_NANOS, Long.class);
        long overhead = Math.max(0, total - (upstream == null ? 0 : upstream));
        record(exchange.getFromRouteId(), overhead);
        exchange.getMessage().setHeader(HEADER, String.format(Locale.ROOT, "%.2f", overhead / 1e6));
    }

    /** One proxied request's overhead, by the route that served it. */
    public void record(String route, long nanos) {
        timers.computeIfAbsent(route == null ? "" : route, this::timer).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String route) {
        return Timer.builder(METER)
                .description("Time the gateway itself spent on a proxied request: its whole time minus upstream waits")
                .tag("route", route)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** When the request arrived ({@link System#nanoTime()}), as the first servlet filter saw it. */
    public static long startedNanos(Exchange exchange) {
        HttpServletRequest request = exchange.getIn().getHeader("CamelHttpServletRequest", HttpServletRequest.class);
        Object started = request == null ? null : request.getAttribute(STARTED_ATTRIBUTE);
        if (started instanceof Long nanos) {
            return nanos;
        }
        // not an HTTP request: count from the exchange's creation
        return System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(exchange.getClock().elapsed());
    }
}
