package dev.cortexgateway.tools.kinds.data_to_chart;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The circuit breaker of pipelines that call no upstream (ToolRoute.local): the tool route template
 * always has a breaker step, and this one is disabled, so it lets every call through and records
 * nothing. It is not one of the upstream breakers (upstream/UpstreamBreakers): health and metrics
 * do not list it.
 */
@Configuration(proxyBeanMethods = false)
public class NoUpstreamBreaker {

    @Bean
    CircuitBreaker noUpstreamCircuitBreaker() {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("none");
        breaker.transitionToDisabledState();
        return breaker;
    }
}
