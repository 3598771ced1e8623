package dev.cortexgateway.simulator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the simulator puts into the gateway's context when {@code gateway.simulator.enabled} is
 * exactly {@code true}: its counters (tests read them) and its server, which runs everything else
 * in a context of its own on its own port. The gateway's component scan skips this package
 * ({@code GatewayApplication}); this class is imported by name.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.simulator.enabled", havingValue = "true")
public class SimulatorConfiguration {

    @Bean
    SimulatorRuns simulatorRuns() {
        return new SimulatorRuns();
    }

    @Bean
    ReceivedTraceparents receivedTraceparents() {
        return new ReceivedTraceparents();
    }

    @Bean
    SimulatorServer simulatorServer(ApplicationContext gateway) {
        return new SimulatorServer(gateway);
    }
}
