package dev.cortexgateway.shutdown;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Graceful shutdown (docs/decisions/0015-graceful-shutdown-and-database-outages.md).
 *
 * @param drainTimeout   how long running chat runs may go on filling their replay logs after their
 *                       clients were told to reconnect; keep it below
 *                       {@code spring.lifecycle.timeout-per-shutdown-phase}
 * @param reconnectRetry the delay a {@code reconnect} event asks clients to wait before they
 *                       reconnect (its {@code retry:} field and {@code retryMs})
 */
@Validated
@ConfigurationProperties("gateway.shutdown")
public record ShutdownProperties(
        @DefaultValue("20s") @DurationMin(millis = 0) Duration drainTimeout,
        @DefaultValue("500ms") @DurationMin(millis = 0) Duration reconnectRetry) {
}
