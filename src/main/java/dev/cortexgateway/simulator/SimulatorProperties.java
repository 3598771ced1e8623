package dev.cortexgateway.simulator;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The local Cortex simulator: a test double of Snowflake's REST endpoints, served when enabled
 * (profile {@code local}) by a web server of its own on 127.0.0.1, never on the gateway's port
 * ({@link SimulatorServer}); never enable it in a deployment.
 *
 * @param enabled           run the simulator and serve its endpoints under {@code /api/v2} on {@code port}
 * @param port              the simulator's port on 127.0.0.1; 0 picks a free one (the gateway's
 *                          {@code gateway.cortex.base-url} with port 0 then means this port)
 * @param maxConnections    connections the simulator's web server holds open at once (streams included)
 * @param token             the bearer token PAT and OAuth callers must present, as Snowflake checks its
 *                          tokens (unset: every PAT and OAuth caller is refused); the local profile
 *                          gives the gateway the same one
 * @param eventDelay        pause between two streamed events when no {@code slow} directive is given,
 *                          so that a stream looks like one (tokens arrive over time) but tests stay fast
 * @param emitDone          end agent streams with {@code event: done / data: [DONE]} after
 *                          {@code response}, as several clients expect (Snowflake documents
 *                          {@code response} as the last event)
 * @param publicKey         base64 SPKI (PEM allowed) RSA public key that KEYPAIR_JWT signatures are
 *                          verified with (and the {@code iss} fingerprint must match); without one,
 *                          KEYPAIR_JWT is refused
 * @param schedulerThreads  threads of the one scheduler that plays every stream
 * @param recentStatements  SQL API results kept for {@code GET /api/v2/statements/{handle}}
 * @param runTimeout        a stream still open after this long is ended (Cortex's limit is 15 minutes)
 */
@Validated
@ConfigurationProperties("gateway.simulator")
public record SimulatorProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("0") @Min(0) @Max(65535) int port,
        @DefaultValue("20000") @Min(1) int maxConnections,
        String token,
        @DefaultValue("15ms") @DurationMin(millis = 0) Duration eventDelay,
        @DefaultValue("true") boolean emitDone,
        String publicKey,
        @DefaultValue("2") @Min(1) @Max(16) int schedulerThreads,
        @DefaultValue("200") @Min(1) int recentStatements,
        @DefaultValue("15m") @DurationMin(seconds = 1) Duration runTimeout) {
}
