package dev.cortexgateway.upstream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The breakers as beans, so that a route's {@code resilience4jConfiguration} names one with
 * {@code circuitBreaker: cortexCircuitBreaker} and every route calling an upstream shares its
 * instance (camel-resilience4j would otherwise build one breaker per EIP).
 */
@Configuration(proxyBeanMethods = false)
class UpstreamBreakerBeans {

    @Bean
    CircuitBreaker cortexCircuitBreaker(UpstreamBreakers breakers) {
        return breakers.breaker(UpstreamProperties.CORTEX);
    }

    @Bean
    CircuitBreaker warehouseCircuitBreaker(UpstreamBreakers breakers) {
        return breakers.breaker(UpstreamProperties.WAREHOUSE);
    }

    @Bean
    CircuitBreaker httpCircuitBreaker(UpstreamBreakers breakers) {
        return breakers.breaker(UpstreamProperties.HTTP);
    }
}
