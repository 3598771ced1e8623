package dev.cortexgateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the in-process stores, so one instance's memory stays flat however much traffic it sees.
 *
 * @param nonces spent session-token nonces
 * @param replay chat replay logs (resume with {@code Last-Event-ID})
 * @param cache  the answer cache of {@code POST /api/v1/query}
 */
@Validated
@ConfigurationProperties("gateway.stores.in-process")
public record InProcessStoreProperties(
        @DefaultValue @Valid @NotNull Nonces nonces,
        @DefaultValue @Valid @NotNull Replay replay,
        @DefaultValue @Valid @NotNull Cache cache) {

    /**
     * @param maxEntries nonces remembered at once; size it above token requests per second times the
     *                   nonce TTL (300 s), because past it some unexpired nonces are forgotten early
     */
    public record Nonces(@DefaultValue("100000") @Min(1) long maxEntries) {
    }

    /**
     * @param maxStreams         stream logs kept at once
     * @param maxEventsPerStream newest events kept per stream (older ones are dropped and a reader
     *                           behind them is told)
     * @param ttl                how long a log outlives its last write, i.e. how late a client may
     *                           still resume
     */
    public record Replay(@DefaultValue("50000") @Min(1) long maxStreams,
                         @DefaultValue("10000") @Min(1) int maxEventsPerStream,
                         @DefaultValue("10m") @NotNull Duration ttl) {
    }

    /** @param maxEntries cached answers kept at once (the least likely to be asked again go first) */
    public record Cache(@DefaultValue("10000") @Min(1) long maxEntries) {
    }
}
