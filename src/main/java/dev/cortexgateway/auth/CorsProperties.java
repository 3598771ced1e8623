package dev.cortexgateway.auth;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Cross-origin requests from browsers (docs/decisions/0019-cors-from-the-client-registry.md); which
 * origins are allowed is each client's {@code allowed-origins} in the registry.
 *
 * @param maxAge          how long a browser may cache a preflight's answer ({@code Access-Control-Max-Age})
 * @param refreshInterval how often an instance re-reads the clients' origins from the database: an
 *                        origin added or removed there is honoured within this
 */
@Validated
@ConfigurationProperties("gateway.cors")
public record CorsProperties(
        @DefaultValue("10m") @NotNull @DurationMin(seconds = 0) @DurationMax(hours = 24) Duration maxAge,
        @DefaultValue("2s") @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 5) Duration refreshInterval) {
}
