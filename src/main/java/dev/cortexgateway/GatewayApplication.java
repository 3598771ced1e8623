package dev.cortexgateway;

import dev.cortexgateway.simulator.SimulatorConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * {@code @SpringBootApplication} spelled out, for one more scan exclusion: the Cortex simulator's
 * controllers and filter belong to its own context on its own port
 * (docs/decisions/0017-simulator-on-its-own-listener.md), so the gateway's context takes nothing
 * from that package except {@link SimulatorConfiguration}, which starts it when enabled.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.cortexgateway\\.simulator\\..*")})
@ConfigurationPropertiesScan
@Import(SimulatorConfiguration.class)
public class GatewayApplication {

    public static void main(String[] args) {
        // The JDK HttpClient's read buffer per connection (the chat streams' upstream), 16 KiB by
        // default and held as long as a stream is open; 4 KiB unless -Djdk.httpclient.bufsize says
        // otherwise. Read once, when the client's classes load, so set before anything starts
        // (docs/performance.md, "Open streams")
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", "4096");
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
