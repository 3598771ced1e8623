package dev.cortexgateway.events;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The system events pushed on {@code system_events} (docs/websocket.md).
 *
 * @param enabled                false: no scheduled check (circuit breaker events are still published)
 * @param interval               how often the answer cache's hit rate is looked at (over the interval just ended)
 * @param cacheHitRateThreshold  a hit rate below this (0..1) is {@code cache_hit_rate_low}
 * @param minLookups             intervals with fewer cache lookups say nothing either way
 */
@Validated
@ConfigurationProperties("gateway.ws.system-events")
public record SystemEventProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("60s") @DurationMin(millis = 100) Duration interval,
        @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double cacheHitRateThreshold,
        @DefaultValue("20") @Min(1) long minLookups) {
}
