package dev.cortexgateway.bench;

import dev.cortexgateway.config.InProcessRateLimitProperties;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.limits.ClientAddress;
import dev.cortexgateway.limits.RateLimitProperties;
import dev.cortexgateway.limits.RateLimits;
import dev.cortexgateway.store.InProcessRateLimitStore;
import dev.cortexgateway.store.RateLimitStore;
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
 * Cost of the limit step on a warm bucket, in-process (no HTTP): {@code store} is the bucket store's
 * take alone (Caffeine lookup + Bucket4j consume), {@code step} the whole {@code rateLimits} route
 * step (group lookup, key, take, three headers). The bucket never runs dry. Run with
 * {@code bench/limits.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LimiterBenchmark {

    // never runs dry within a run: a billion tokens, a billion more every second
    private static final long HUGE = 1_000_000_000L;

    private RateLimitStore store;
    private RateLimitStore.Limit limit;
    private RateLimits rateLimits;
    private CamelContext camel;
    private Exchange exchange;

    @Setup
    public void setUp() {
        store = new InProcessRateLimitStore(new InProcessRateLimitProperties(100_000));
        limit = new RateLimitStore.Limit(HUGE, HUGE, Duration.ofSeconds(1));
        RateLimitProperties properties = new RateLimitProperties(true, false, Map.of("tools",
                new RateLimitProperties.Group(RateLimitProperties.Key.CLIENT, HUGE, HUGE, Duration.ofSeconds(1))));
        rateLimits = new RateLimits(properties, store, new ClientAddress(properties), java.time.Clock.systemUTC(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        camel = new DefaultCamelContext();
        exchange = new DefaultExchange(camel);
        exchange.setProperty(ExchangeKeys.PRINCIPAL, new VerifiedToken("demo-web", Set.of("tools"), "jti",
                Instant.now(), Instant.now().plusSeconds(300), "1.4.2", "s_benchmarkSubject0000000", Instant.now()));
        store.take("warm", limit);
        rateLimits.take(exchange, "tools");
    }

    @TearDown
    public void tearDown() throws Exception {
        camel.close();
    }

    @Benchmark
    public RateLimitStore.Probe store() {
        return store.take("warm", limit);
    }

    @Benchmark
    public Exchange step() {
        rateLimits.take(exchange, "tools");
        return exchange;
    }
}
