package dev.cortexgateway.simulator;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The simulator's own web server: a child application context holding only the simulator's
 * controllers, filter and exception handler ({@link SimulatorWebConfiguration}), on 127.0.0.1 at
 * {@code gateway.simulator.port}. It is started while the gateway's beans are created, so its port
 * is known (and announced as a {@code WebServerInitializedEvent} of server namespace
 * {@value #NAMESPACE}) before the gateway takes its first request, and it stops after the gateway's
 * own server has drained. The gateway's port has no {@code /api/v2} handler at all.
 */
public final class SimulatorServer implements DisposableBean {

    /** The server namespace of the simulator's web server, as listeners of its start see it. */
    public static final String NAMESPACE = "simulator";
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorServer.class);

    private final AnnotationConfigServletWebServerApplicationContext context;
    private final int port;

    SimulatorServer(ApplicationContext gateway) {
        AnnotationConfigServletWebServerApplicationContext simulator = new AnnotationConfigServletWebServerApplicationContext();
        simulator.setId(gateway.getId() + "-" + NAMESPACE);
        simulator.setServerNamespace(NAMESPACE);
        simulator.setClassLoader(gateway.getClassLoader());
        // shared state (SimulatorRuns, the settings, the SQL guard) comes from the gateway's context
        simulator.setParent(gateway);
        simulator.register(SimulatorWebConfiguration.class);
        // the dispatcher looks these up by name (see SimulatorWebConfiguration#dispatcherServlet):
        // annotated controllers only, and the child's own resolvers, never the gateway's
        simulator.registerAlias("requestMappingHandlerMapping", DispatcherServlet.HANDLER_MAPPING_BEAN_NAME);
        simulator.registerAlias("requestMappingHandlerAdapter", DispatcherServlet.HANDLER_ADAPTER_BEAN_NAME);
        simulator.registerAlias("mvcViewResolver", DispatcherServlet.VIEW_RESOLVER_BEAN_NAME);
        try {
            simulator.refresh();
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
        this.context = simulator;
        this.port = simulator.getWebServer().getPort();
        LOG.info("Cortex simulator listening on 127.0.0.1:{} (local and test use only, not the gateway's port)", port);
    }

    /** The port the simulator listens on (the one picked when {@code gateway.simulator.port} is 0). */
    public int port() {
        return port;
    }

    /** Where a Snowflake client reaches the simulator. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A bean of the simulator's own context (tests in this package look at its player and warehouse). */
    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void destroy() {
        context.close();
    }
}
