package dev.cortexgateway.chart;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the {@code data_to_chart} tool.
 *
 * @param maxSpecBytes largest serialized Vega-Lite spec answered; a larger one is refused with
 *                     CHART_TOO_LARGE, because clients embed the spec in chat messages and history
 * @param maxRows      rows charted at most; the rest are dropped with a warning
 */
@Validated
@ConfigurationProperties("gateway.tools.chart")
public record ChartProperties(
        @DefaultValue("65536") @Min(1024) int maxSpecBytes,
        @DefaultValue("5000") @Min(1) int maxRows) {
}
