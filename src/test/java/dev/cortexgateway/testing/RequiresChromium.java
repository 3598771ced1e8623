package dev.cortexgateway.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test class drives the machine's Chromium through chromedriver ({@link Chromium}).
 * Without them the class is disabled with the reason, or fails when {@code GATEWAY_REQUIRE_CHROMIUM=true}
 * (as CI sets): see {@link SharedServicesCondition}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SharedServicesCondition.class)
public @interface RequiresChromium {
}
