package dev.cortexgateway.sse;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Server-Sent Events settings.
 *
 * @param heartbeatInterval a stream with no output for this long gets a {@code : heartbeat} comment,
 *                          so proxies and clients never see a silent connection and a vanished
 *                          client is found by the failed write
 * @param retry             reconnect delay suggested to clients in the {@code retry:} line that
 *                          opens every stream
 */
@Validated
@ConfigurationProperties("gateway.sse")
public record SseProperties(
        @DefaultValue("10s") @DurationMin(millis = 50) Duration heartbeatInterval,
        @DefaultValue("3s") @DurationMin(millis = 0) Duration retry) {
}
