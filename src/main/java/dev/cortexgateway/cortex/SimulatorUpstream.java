package dev.cortexgateway.cortex;

import dev.cortexgateway.config.InvalidSettingException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Lets {@code gateway.cortex.base-url} name the local simulator's port as 0: the simulator picks a
 * free port on 127.0.0.1 (its own web server, never the gateway's), which is only known once it
 * listens. Its start arrives here as the web server event of server namespace {@code simulator}
 * (the simulator's context is a child of this one); the gateway's own server is not a Cortex.
 * The simulator starts while beans are created, so a base URL still on port 0 after that has no
 * simulator behind it, and start-up stops.
 */
@Component
final class SimulatorUpstream implements ApplicationListener<WebServerInitializedEvent>, SmartInitializingSingleton {

    private static final String SIMULATOR_NAMESPACE = "simulator";

    private final CortexAgentClient client;

    SimulatorUpstream(CortexAgentClient client) {
        this.client = client;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (SIMULATOR_NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
            client.useSimulatorPort(event.getWebServer().getPort());
        }
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (client.upstream().endpoints().waitsForSimulatorPort()) {
            throw new InvalidSettingException("GATEWAY_CORTEX_BASE_URL (gateway.cortex.base-url)",
                    "has port 0, which stands for the local Cortex simulator's port, but the simulator is not running",
                    "Set GATEWAY_CORTEX_BASE_URL to your Snowflake account URL (https://<account>.snowflakecomputing.com), "
                            + "or turn the simulator on with the local profile (--spring.profiles.active=local).");
        }
    }
}
