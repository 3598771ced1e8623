package dev.cortexgateway.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test class starts a Redis of its own ({@link DisposableRedis}): it needs the {@code redis-server} binary on the PATH.
 * Without it the class is disabled with the reason (counted as skipped, and printed on the build's
 * console), or fails when CI requires the service: see {@link SharedServicesCondition}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SharedServicesCondition.class)
public @interface RequiresRedisServer {
}
