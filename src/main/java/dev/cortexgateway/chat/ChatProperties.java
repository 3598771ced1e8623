package dev.cortexgateway.chat;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Chat streaming settings.
 *
 * @param gracePeriod   how long an upstream run goes on with no client attached (so a client can
 *                      reconnect and resume) before it is cancelled upstream
 * @param openWait      how long a new chat request waits for the upstream to accept the run before
 *                      the stream opens anyway (with heartbeats); an upstream refusal within this
 *                      time is answered as a plain HTTP error instead of a stream
 * @param historyCacheTtl how long a page of history is served from memory (a write invalidates it)
 * @param maxOpenRuns   Cortex agent runs open at once on this instance (being dispatched or streaming);
 *                      a new chat request beyond it is answered 429 (see {@link ChatRunSlots})
 * @param remotePollInterval how often a client that resumed on another instance than the run's gets
 *                      the log's new events (shared replay log store only)
 * @param readerLease   how long such a client counts as reading after its instance last said so; the
 *                      run's instance does not cancel the run while a lease is current
 */
@Validated
@ConfigurationProperties("gateway.chat")
public record ChatProperties(
        @DefaultValue("30s") @DurationMin(millis = 1) Duration gracePeriod,
        @DefaultValue("11s") @DurationMin(millis = 1) Duration openWait,
        @DefaultValue("60s") Duration historyCacheTtl,
        @DefaultValue("1000") @jakarta.validation.constraints.Min(1) int maxOpenRuns,
        @DefaultValue("100ms") @DurationMin(millis = 10) Duration remotePollInterval,
        @DefaultValue("10s") @DurationMin(millis = 100) Duration readerLease) {
}
