package dev.cortexgateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP edge settings.
 *
 * @param maxBodyBytes    largest request body any endpoint accepts; larger -> 413
 * @param responseHeaders the only message headers a route may send back to a client; everything
 *                        else (request headers included) is dropped at the edge
 * @param connectionBufferBytes size of each of the two socket buffers Tomcat keeps for a client
 *                        connection as long as it is open (read and write; Tomcat's default is 8 KiB).
 *                        Every open chat stream holds one connection, so this is per-stream memory;
 *                        bodies and answers larger than it are still read and written whole, in more
 *                        socket calls (docs/performance.md, "Open streams"); 512 to 65536
 */
@Validated
@ConfigurationProperties("gateway.http")
public record GatewayHttpProperties(
        @DefaultValue("1048576") @Min(1) long maxBodyBytes,
        @DefaultValue({"Content-Type", "Cache-Control", "Retry-After", "Location", "Allow", "WWW-Authenticate", "Pragma",
                "X-Stream-Id", "X-Session-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Window",
                "X-Gateway-Overhead-Ms", "X-Idempotent-Replay"}) @NotEmpty List<String> responseHeaders,
        @DefaultValue("4096") @Min(512) @Max(65536) int connectionBufferBytes) {
}
