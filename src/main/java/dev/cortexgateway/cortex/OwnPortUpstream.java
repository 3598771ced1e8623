package dev.cortexgateway.cortex;

import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Lets {@code gateway.cortex.base-url} name this gateway's own port as 0: the local profile's
 * simulator lives on the gateway's port, which a test on a random port only learns after start-up.
 */
@Component
final class OwnPortUpstream implements ApplicationListener<WebServerInitializedEvent> {

    private final CortexAgentClient client;

    OwnPortUpstream(CortexAgentClient client) {
        this.client = client;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        client.useOwnPort(event.getWebServer().getPort());
    }
}
