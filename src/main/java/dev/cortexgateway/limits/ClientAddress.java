package dev.cortexgateway.limits;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The caller's IP address for per-IP limits. By default the TCP peer: a client can write any
 * {@code X-Forwarded-For} it likes, so trusting the header would let it pick its own bucket. Behind a
 * proxy, {@code gateway.rate-limits.trust-forwarded-for} takes the right-most entry instead, the one
 * the proxy appended (entries to its left come from the client and are ignored).
 */
@Component
public final class ClientAddress {

    private final boolean trustForwardedFor;

    public ClientAddress(RateLimitProperties properties) {
        this.trustForwardedFor = properties.trustForwardedFor();
    }

    public String of(Exchange exchange) {
        HttpServletRequest request = exchange.getIn().getHeader("CamelHttpServletRequest", HttpServletRequest.class);
        if (request == null) {
            throw new IllegalStateException("a per-IP rate limit needs the servlet request (header CamelHttpServletRequest)");
        }
        return of(request);
    }

    String of(HttpServletRequest request) {
        if (trustForwardedFor) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null) {
                String[] hops = forwarded.split(",");
                for (int i = hops.length - 1; i >= 0; i--) {
                    String hop = hops[i].trim();
                    if (!hop.isEmpty()) {
                        return hop;
                    }
                }
            }
        }
        return request.getRemoteAddr();
    }
}
