package dev.cortexgateway.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** The bean exists when the shared state is kept in this instance's memory (the default). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnProperty(name = "gateway.stores.backend", havingValue = "in-process", matchIfMissing = true)
public @interface OnInProcessBackend {
}
