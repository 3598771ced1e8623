package dev.cortexgateway.upstream;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per upstream, shared by every route that calls it: the chat
 * pipeline and the Cortex tools share {@code cortex}, so Cortex failing in one place protects the
 * other. The routes' {@code circuitBreaker} steps name these instances (beans
 * {@code <upstream>CircuitBreaker}, see {@link UpstreamBreakerBeans}); only
 * {@link UpstreamFailures upstream failures} count. While a breaker is open its calls are refused
 * at once with 503 CIRCUIT_OPEN and a Retry-After of the time left until it lets probes through.
 */
@Component("upstreamBreakers")
public final class UpstreamBreakers {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamBreakers.class);

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();
    private final Map<String, Duration> waits = new LinkedHashMap<>();
    private final Clock clock;

    public UpstreamBreakers(UpstreamProperties properties, MeterRegistry meters, Clock clock) {
        this.clock = clock;
        properties.byName().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            String name = entry.getKey();
            UpstreamProperties.CircuitBreaker settings = entry.getValue().circuitBreaker();
            CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(settings.slidingWindow())
                    .minimumNumberOfCalls(settings.minimumCalls())
                    .failureRateThreshold(settings.failureRateThreshold())
                    .waitDurationInOpenState(settings.waitInOpenState())
                    .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpen())
                    // no timer thread: the first call after the wait moves it to half-open
                    .automaticTransitionFromOpenToHalfOpenEnabled(false)
                    .recordException(UpstreamFailures::isUpstreamFailure)
                    // a caller's mistake or the gateway's own bug says nothing about the upstream's health
                    .ignoreException(failure -> !UpstreamFailures.isUpstreamFailure(failure))
                    .writableStackTraceEnabled(false)
                    .build();
            CircuitBreaker breaker = registry.circuitBreaker(name, config);
            waits.put(name, settings.waitInOpenState());
            breaker.getEventPublisher().onStateTransition(event -> {
                CircuitBreaker.State to = event.getStateTransition().getToState();
                if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
                    openedAt.put(name, clock.instant());
                }
                LOG.warn("circuit breaker of upstream {}: {} -> {}", name, event.getStateTransition().getFromState(), to);
            });
            register(meters, name, breaker);
        });
    }

    public CircuitBreaker breaker(String upstream) {
        if (!waits.containsKey(upstream)) {
            throw new IllegalArgumentException("no upstream named " + upstream);
        }
        return registry.circuitBreaker(upstream);
    }

    /** Each upstream's breaker state, lower case ({@code closed}, {@code open}, {@code half_open}...). */
    public Map<String, CircuitBreaker.State> states() {
        Map<String, CircuitBreaker.State> states = new LinkedHashMap<>();
        waits.keySet().forEach(name -> states.put(name, registry.circuitBreaker(name).getState()));
        return states;
    }

    /** Whole seconds (at least 1) until an open breaker lets probes through. */
    public long retryAfterSeconds(String upstream) {
        Instant opened = openedAt.get(upstream);
        Duration wait = waits.getOrDefault(upstream, Duration.ofSeconds(1));
        if (opened == null) {
            return 1;
        }
        Duration left = wait.minus(Duration.between(opened, clock.instant()));
        long seconds = (left.toMillis() + 999) / 1000;
        return Math.max(1, seconds);
    }

    /** The answer to a call its breaker refused; null when {@code failure} is not such a refusal. */
    public GatewayException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CallNotPermittedException refused) {
                String upstream = refused.getCausingCircuitBreakerName();
                long retryAfter = retryAfterSeconds(upstream);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("upstream", upstream);
                details.put("retryAfterSeconds", retryAfter);
                return new GatewayException(ErrorCode.CIRCUIT_OPEN, "The gateway stopped calling the " + upstream
                        + " upstream for a while: it has been failing", "Retry after details.retryAfterSeconds seconds", details);
            }
        }
        return null;
    }

    /**
     * The {@code onException} step for refused calls (routes/shared/gateway-errors.yaml): replaces the caught
     * exception with the CIRCUIT_OPEN failure, which the error envelope then renders.
     */
    public void circuitOpen(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        GatewayException refusal = refusal(caught);
        if (refusal != null) {
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, refusal);
        }
    }

    private static void register(MeterRegistry meters, String name, CircuitBreaker breaker) {
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder("gateway.upstream.circuit.state", breaker, b -> b.getState() == state ? 1 : 0)
                    .description("1 for the state the upstream's circuit breaker is in")
                    .tag("upstream", name).tag("state", state.name().toLowerCase())
                    .register(meters);
        }
        Gauge.builder("gateway.upstream.circuit.failure.rate", breaker, b -> b.getMetrics().getFailureRate())
                .description("failure rate (percent) over the breaker's window; -1 until the minimum calls")
                .tag("upstream", name).register(meters);
        Counter notPermitted = Counter.builder("gateway.upstream.circuit.rejected")
                .description("calls refused with 503 CIRCUIT_OPEN")
                .tag("upstream", name).register(meters);
        breaker.getEventPublisher().onCallNotPermitted(event -> notPermitted.increment());
    }
}
