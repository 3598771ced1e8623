package dev.cortexgateway.config;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Snowflake Cortex (or the local simulator that speaks its wire format) is reached.
 *
 * @param baseUrl        account URL, e.g. {@code https://myorg-myaccount.snowflakecomputing.com}
 * @param connectTimeout connect timeout for upstream calls and the health probe
 */
@Validated
@ConfigurationProperties("gateway.cortex")
public record CortexProperties(
        @NotNull URI baseUrl,
        @DefaultValue("10s") Duration connectTimeout) {
}
