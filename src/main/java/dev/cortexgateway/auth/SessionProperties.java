package dev.cortexgateway.auth;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * End-user sessions of public clients (docs/identity.md).
 *
 * @param renewalWindow how long after its expiry a session token may still be presented to
 *                      {@code POST /api/v1/session/token} to renew it (same subject); a tab that slept
 *                      longer starts a new session
 * @param maxAge        how long one subject lives from its first token: a renewal past it is refused
 *                      (401), the app asks for a token without its old one and gets a new subject
 */
@Validated
@ConfigurationProperties("gateway.session")
public record SessionProperties(
        @DefaultValue("5m") @DurationMin(seconds = 0) @DurationMax(hours = 1) Duration renewalWindow,
        @DefaultValue("12h") @DurationMin(minutes = 1) @DurationMax(days = 30) Duration maxAge) {
}
