package dev.cortexgateway.bench;

import dev.cortexgateway.config.InProcessRateLimitProperties;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.flags.FlagProperties;
import dev.cortexgateway.flags.PipelineRoutes;
import dev.cortexgateway.flags.PolledFlagChanges;
import dev.cortexgateway.flags.RouteFlags;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.limits.ClientAddress;
import dev.cortexgateway.limits.RateLimitProperties;
import dev.cortexgateway.limits.RateLimits;
import dev.cortexgateway.metrics.GatewayOverhead;
import dev.cortexgateway.metrics.RouteTraffic;
import dev.cortexgateway.store.InProcessRateLimitStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What issue #6's steps add to every proxied call, in-process (no HTTP): the rate-limit step on a
 * warm bucket, the feature-flag check, the metrics recorded per request (route traffic + its latency
 * timer, the overhead histogram, both on a Prometheus registry as in production), and the three in a
 * row as a tool call meets them. Run with {@code bench/steps.sh}; results in docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineStepsBenchmark {

    private static final long HUGE = 1_000_000_000L;
    private static final String ROUTE = "tools-call";

    private CamelContext camel;
    private Exchange exchange;
    private RateLimits rateLimits;
    private RouteFlags flags;
    private RouteTraffic traffic;
    private GatewayOverhead overhead;

    @Setup
    public void setUp() {
        camel = new DefaultCamelContext();
        exchange = new DefaultExchange(camel);
        exchange.getExchangeExtension().setFromRouteId(ROUTE);
        exchange.setProperty(ExchangeKeys.PRINCIPAL, new VerifiedToken("demo-web", Set.of("tools"), "jti",
                Instant.now(), Instant.now().plusSeconds(300), "1.4.2", "s_benchmarkSubject0000000", Instant.now()));
        RateLimitProperties limits = new RateLimitProperties(true, false, Map.of("tools",
                new RateLimitProperties.Group(RateLimitProperties.Key.CLIENT, HUGE, HUGE, Duration.ofSeconds(1))));
        rateLimits = new RateLimits(limits, new InProcessRateLimitStore(new InProcessRateLimitProperties(100_000)),
                new ClientAddress(limits), java.time.Clock.systemUTC(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        // the check reads the in-memory flags only; the store is read by the refresh task, not started here
        flags = new RouteFlags(null, new FlagProperties(Duration.ofSeconds(2), Map.of()), new PipelineRoutes(camel),
                new PolledFlagChanges());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        traffic = new RouteTraffic(registry, new org.springframework.beans.factory.support.StaticListableBeanFactory()
                .getBeanProvider(Clock.class));
        overhead = new GatewayOverhead(registry);
        allThree();
    }

    @TearDown
    public void tearDown() throws Exception {
        camel.close();
    }

    @Benchmark
    public Exchange rateLimitStep() {
        rateLimits.take(exchange, "tools");
        return exchange;
    }

    @Benchmark
    public Exchange flagCheck() {
        flags.check(exchange);
        return exchange;
    }

    @Benchmark
    public void metricsPerRequest() {
        traffic.record(ROUTE, 200, 2_000_000);
        overhead.record(ROUTE, 500_000);
    }

    @Benchmark
    public Exchange allThree() {
        flags.check(exchange);
        rateLimits.take(exchange, "tools");
        traffic.record(ROUTE, 200, 2_000_000);
        overhead.record(ROUTE, 500_000);
        return exchange;
    }
}
