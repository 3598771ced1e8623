package dev.cortexgateway.metrics;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Metrics settings. The route reads the cap through its placeholder; binding it here makes a bad
 * value fail start-up with the setting's name rather than as a route error.
 *
 * @param reportMaxBodyBytes largest {@code POST /api/v1/metrics/report} body; larger -> 413. It only
 *                           bites below {@code gateway.http.max-body-bytes}, which is checked first.
 */
@Validated
@ConfigurationProperties("gateway.metrics")
public record MetricsProperties(@DefaultValue("262144") @Min(1) long reportMaxBodyBytes) {
}
