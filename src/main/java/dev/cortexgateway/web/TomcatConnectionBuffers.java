package dev.cortexgateway.web;

import dev.cortexgateway.config.GatewayHttpProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Sizes the read and write buffers Tomcat keeps for each client connection while it is open
 * ({@code gateway.http.connection-buffer-bytes}). An open chat stream is an idle connection for
 * minutes, so these buffers, not the gateway's own objects, are most of what a stream costs in heap
 * (docs/performance.md, "Open streams"). Spring Boot has no property for them; the connector's
 * {@code socket.*} attributes are Tomcat's own names.
 */
@Component
final class TomcatConnectionBuffers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final int bufferBytes;

    TomcatConnectionBuffers(GatewayHttpProperties properties) {
        this.bufferBytes = properties.connectionBufferBytes();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        String size = Integer.toString(bufferBytes);
        factory.addConnectorCustomizers(connector -> {
            if (!connector.setProperty("socket.appReadBufSize", size)
                    || !connector.setProperty("socket.appWriteBufSize", size)) {
                throw new IllegalStateException("Tomcat's connector refused its socket buffer sizes");
            }
        });
    }
}
