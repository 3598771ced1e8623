package dev.cortexgateway.config;

import dev.cortexgateway.error.FailureOrigin;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Hooks;

/**
 * Reactor (on the classpath through Lettuce) logs an error that arrives after its subscriber has
 * gone, e.g. a Redis command failing after the caller timed out, as a bare ERROR "Operator called
 * default onErrorDropped": with stack traces kept out of the logs that line says nothing. This logs
 * it as a warning with the failure's type and origin, because nobody is left to act on it.
 */
@Configuration(proxyBeanMethods = false)
public class ReactorDroppedErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ReactorDroppedErrors.class);

    @PostConstruct
    void install() {
        Hooks.onErrorDropped(failure -> LOG.warn("A failure arrived after its caller had gone and was dropped: {} at {}",
                failure.getClass().getName(), FailureOrigin.of(failure)));
    }

    @PreDestroy
    void uninstall() {
        Hooks.resetOnErrorDropped();
    }
}
