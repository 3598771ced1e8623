package dev.cortexgateway.route.reload;

import dev.cortexgateway.route.RouteYamlSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Live route editing, local profile only: saving a route file under
 * {@code gateway.routes.reload.directory} (src/main/resources/routes of a checkout) replaces that
 * file's routes without a restart (docs/routes.md). Other profiles never watch files.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
@ConditionalOnProperty(name = "gateway.routes.reload.enabled", havingValue = "true")
public class RouteReloadConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RouteReloadConfiguration.class);

    @Bean
    CamelContextConfiguration routeReload(@Value("${gateway.routes.reload.directory}") String directory) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                if (!Files.isDirectory(Path.of(directory))) {
                    // a packaged jar started with the local profile: nothing to watch
                    LOG.info("Route reload off: {} is not a directory", directory);
                    return;
                }
                try {
                    camelContext.addService(new CheckedRouteReload(directory, RouteYamlSchema::new));
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot watch " + directory + " for route changes", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }
}
