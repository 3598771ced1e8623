package dev.cortexgateway.web;

import dev.cortexgateway.config.GatewayHttpProperties;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * Header policy of the platform-http component. Camel copies request headers onto the message and,
 * by default, back onto the response, which would echo a client's Authorization header; here only
 * the allow-listed gateway headers leave, and headers named like Camel's internals never come in.
 */
@Component("responseHeaderFilter")
public final class ResponseHeaderFilter extends DefaultHeaderFilterStrategy {

    private final Set<String> allowedOut;

    public ResponseHeaderFilter(GatewayHttpProperties properties) {
        this.allowedOut = properties.responseHeaders().stream()
                .map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        setInFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
    }

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !allowedOut.contains(headerName.toLowerCase(Locale.ROOT));
    }
}
