package dev.cortexgateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The shared stores of the {@code cluster} profile ({@code gateway.stores.backend=redis}).
 *
 * @param url            where Redis answers, e.g. {@code redis://127.0.0.1:6379/0} or
 *                       {@code rediss://:password@host:6380}; the password never reaches a log
 * @param keyPrefix      put before every key and channel, so several gateways (or tests) can share a server
 * @param commandTimeout a command that takes longer fails; the store then applies its outage policy
 * @param connectTimeout how long one connection attempt may take
 * @param onUnavailable  what each store does while Redis does not answer
 * @param replay         chat replay logs: newest events kept per stream, and how long a log outlives its last write
 * @param cache          answer cache: entries kept at most (the oldest are dropped past it)
 */
@Validated
@ConfigurationProperties("gateway.stores.redis")
public record RedisStoreProperties(
        @DefaultValue("redis://127.0.0.1:6379") @NotBlank String url,
        @DefaultValue("cg:") @NotNull String keyPrefix,
        @DefaultValue("1s") @NotNull Duration commandTimeout,
        @DefaultValue("2s") @NotNull Duration connectTimeout,
        @DefaultValue @Valid @NotNull OnUnavailable onUnavailable,
        @DefaultValue @Valid @NotNull Replay replay,
        @DefaultValue @Valid @NotNull Cache cache) {

    /** {@code ALLOW}: carry on as if the store said yes (fail open); {@code DENY}: refuse (fail closed). */
    public enum Policy { ALLOW, DENY }

    /**
     * @param rateLimits while Redis is down a request is let through (ALLOW, the default: an outage of
     *                   the limiter must not become an outage of the gateway) or refused with 503
     * @param nonces     while Redis is down a session token request is refused with 503 (DENY, the
     *                   default: a nonce that cannot be checked could be a replay) or let through
     */
    public record OnUnavailable(@DefaultValue("ALLOW") @NotNull Policy rateLimits,
                                @DefaultValue("DENY") @NotNull Policy nonces) {
    }

    /**
     * @param maxEventsPerStream newest events kept per stream log
     * @param ttl                how long a log outlives its last write, i.e. how late a client may
     *                           still resume
     */
    public record Replay(@DefaultValue("10000") @Min(1) int maxEventsPerStream,
                         @DefaultValue("10m") @NotNull Duration ttl) {
    }

    /** @param maxEntries answer cache entries in Redis (the oldest go first); Redis down: lookups miss */
    public record Cache(@DefaultValue("100000") @Min(1) long maxEntries) {
    }
}
