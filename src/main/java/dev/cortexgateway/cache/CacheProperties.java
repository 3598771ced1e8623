package dev.cortexgateway.cache;

import dev.cortexgateway.config.InvalidSettingException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The answer cache of {@code POST /api/v1/query} and its warming. The number of entries is bounded
 * by the store ({@code gateway.stores.in-process.cache.max-entries}).
 *
 * @param ttl  how long a cached answer is served after it was stored
 * @param warm cache warm-up ({@code POST /api/v1/cache/warm})
 */
@Validated
@ConfigurationProperties("gateway.cache")
public record CacheProperties(@DefaultValue("1h") @NotNull Duration ttl, @DefaultValue @Valid @NotNull Warm warm) {

    public CacheProperties {
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new InvalidSettingException("gateway.cache.ttl", "must be positive", "Set e.g. 1h.");
        }
    }

    /**
     * @param maxQueries     questions one warm request may carry (more: 400)
     * @param concurrentJobs warm-up jobs running at once on this instance; waiting ones start highest
     *                       {@code priority} first
     * @param syncWait       how long a warm request with {@code async: false} waits for its job before
     *                       answering 202
     */
    public record Warm(@DefaultValue("100") @Min(1) @Max(10000) int maxQueries,
                       @DefaultValue("2") @Min(1) @Max(64) int concurrentJobs,
                       @DefaultValue("60s") @NotNull Duration syncWait) {
    }
}
