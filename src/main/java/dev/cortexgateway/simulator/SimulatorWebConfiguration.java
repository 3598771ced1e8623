package dev.cortexgateway.simulator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletRegistrationBean;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurationSupport;

/**
 * The simulator's context ({@link SimulatorServer}): a Tomcat on 127.0.0.1, a dispatcher servlet,
 * Spring MVC, and the simulator's own beans, listed here one by one. No auto-configuration runs in
 * it: none of the gateway's routes, filters, actuator or data sources can appear on this port.
 * MVC is configured by extending {@link WebMvcConfigurationSupport} rather than with
 * {@code @EnableWebMvc}, so that the gateway's {@code WebMvcConfigurer}s (visible through the
 * parent context) are not applied here.
 */
@Configuration(proxyBeanMethods = false)
@Import({SimulatorAuthFilter.class, SimulatorExceptionHandler.class, AgentRunController.class, SearchController.class,
        AnalystController.class, StatementsController.class, AgentAnswers.class, AgentEvents.class, DocumentCorpus.class,
        QuestionAnalyst.class, ScenarioResponses.class, StreamPlayer.class, Warehouse.class})
class SimulatorWebConfiguration extends WebMvcConfigurationSupport {

    // static: the server is made before the servlet context exists, and this class's MVC beans need it
    @Bean
    static TomcatServletWebServerFactory simulatorWebServerFactory(SimulatorProperties properties) throws UnknownHostException {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(properties.port());
        // loopback only, IPv4 as in every base URL that names it
        factory.setAddress(InetAddress.getByName("127.0.0.1"));
        factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                protocol.setMaxConnections(properties.maxConnections());
            }
        });
        return factory;
    }

    @Bean
    static DispatcherServlet dispatcherServlet() {
        return new DispatcherServlet();
    }

    @Bean
    static DispatcherServletRegistrationBean dispatcherServletRegistration(DispatcherServlet dispatcherServlet) {
        return new DispatcherServletRegistrationBean(dispatcherServlet, "/");
    }
}
