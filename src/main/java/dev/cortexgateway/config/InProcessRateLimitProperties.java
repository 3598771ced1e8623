package dev.cortexgateway.config;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bound of the in-process rate-limit store (beside the other in-process stores' bounds).
 *
 * @param maxBuckets buckets held at once, one per route group and caller; size it above the distinct
 *                   callers (clients and IPs) seen within the longest refill window, because past it
 *                   the least used buckets are forgotten early and those callers start full again
 */
@Validated
@ConfigurationProperties("gateway.stores.in-process.rate-limits")
public record InProcessRateLimitProperties(@DefaultValue("100000") @Min(1) long maxBuckets) {
}
