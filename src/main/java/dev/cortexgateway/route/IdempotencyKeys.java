package dev.cortexgateway.route;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.util.Map;
import org.apache.camel.Exchange;

/** The {@code x-idempotency-key} of a POST that creates a job: tool executions and cache warm-ups alike. */
public final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    /** The key, null when none was sent; 400 when it is not 1-255 visible ASCII characters. */
    public static String of(Exchange exchange) {
        String key = exchange.getIn().getHeader("x-idempotency-key", String.class);
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "x-idempotency-key must be 1 to 255 visible ASCII characters",
                    "Use a UUID", Map.of("header", "x-idempotency-key"));
        }
        return key;
    }
}
