package dev.cortexgateway.route;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * A route's own body cap, below the gateway-wide {@code gateway.http.max-body-bytes} that
 * web/BodySizeLimitFilter enforces before any route runs: {@code method: "atMost(*, 262144)"} as the
 * pipeline's first step. The body has been read by then (at most the global cap), so declared and
 * chunked bodies are measured alike.
 */
@Component("bodyLimit")
public final class BodyLimit {

    public void atMost(Exchange exchange, long maxBytes) {
        Long declared = exchange.getIn().getHeader(Exchange.CONTENT_LENGTH, Long.class);
        byte[] body = exchange.getIn().getBody(byte[].class);
        long size = Math.max(declared == null ? 0 : declared, body == null ? 0 : body.length);
        if (size > maxBytes) {
            throw new GatewayException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than the " + maxBytes + " bytes this endpoint accepts",
                    "Send a smaller body", Map.of("maxBytes", maxBytes));
        }
    }
}
