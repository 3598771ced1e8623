package dev.cortexgateway.store.redis;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** The bean exists when the shared state lives on Redis ({@code gateway.stores.backend=redis}, the cluster profile). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnProperty(name = "gateway.stores.backend", havingValue = "redis")
public @interface OnRedisBackend {
}
