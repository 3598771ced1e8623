package dev.cortexgateway.flags;

import dev.cortexgateway.config.InvalidSettingException;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Route switches (feature flags).
 *
 * @param refreshInterval how often each instance re-reads the flags from the database; a change made on
 *                        another instance lands within this interval (plus one read), so it is capped at
 *                        5 s, the promise ops rely on
 * @param defaults        the state of a route (by route id) until ops flip it; a route absent from the map
 *                        is enabled, e.g. {@code chat-stream: false}. Unknown route ids fail start-up (a
 *                        typo would silently do nothing), and so does switching off a route that must stay on.
 */
@Validated
@ConfigurationProperties("gateway.flags")
public record FlagProperties(
        @DefaultValue("2s") @NotNull Duration refreshInterval,
        @DefaultValue Map<String, Boolean> defaults) {

    static final Duration MIN_REFRESH = Duration.ofMillis(100);
    static final Duration MAX_REFRESH = Duration.ofSeconds(5);

    public FlagProperties {
        if (refreshInterval != null
                && (refreshInterval.compareTo(MIN_REFRESH) < 0 || refreshInterval.compareTo(MAX_REFRESH) > 0)) {
            throw new InvalidSettingException("gateway.flags.refresh-interval", "is " + refreshInterval
                    + ", outside 100ms..5s", "Set it between 100ms and 5s: other instances must see a flag change within 5 s.");
        }
        defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
    }
}
