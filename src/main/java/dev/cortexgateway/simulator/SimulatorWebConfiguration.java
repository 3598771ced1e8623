package dev.cortexgateway.simulator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletRegistrationBean;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
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
@Import({SimulatorAuthFilter.class, TraceparentFilter.class, SimulatorExceptionHandler.class, AgentRunController.class, SearchController.class,
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

    /**
     * A dispatcher that takes its strategies from this context only. By default a dispatcher servlet
     * collects handler mappings, adapters, exception resolvers and view resolvers from the parent
     * context too, which would put the gateway's controllers and Camel's platform-http routes on the
     * simulator's port; the single beans it looks up by name instead are aliased in {@link SimulatorServer}.
     */
    @Bean
    static DispatcherServlet dispatcherServlet() {
        DispatcherServlet dispatcher = new DispatcherServlet();
        dispatcher.setDetectAllHandlerMappings(false);
        dispatcher.setDetectAllHandlerAdapters(false);
        dispatcher.setDetectAllHandlerExceptionResolvers(false);
        dispatcher.setDetectAllViewResolvers(false);
        return dispatcher;
    }

    /** Text (the SSE frames) in UTF-8 as Snowflake sends it; Spring MVC's own default is ISO-8859-1. */
    @Override
    protected void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        for (HttpMessageConverter<?> converter : converters) {
            if (converter instanceof StringHttpMessageConverter text) {
                text.setDefaultCharset(StandardCharsets.UTF_8);
            }
        }
    }

    @Bean
    static DispatcherServletRegistrationBean dispatcherServletRegistration(DispatcherServlet dispatcherServlet) {
        return new DispatcherServletRegistrationBean(dispatcherServlet, "/");
    }
}
