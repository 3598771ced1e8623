package dev.cortexgateway.route;

import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.web.AccessLogFilter;
import dev.cortexgateway.web.TraceIds;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * First step of every HTTP route (wired in routes/shared/gateway-errors.yaml by interceptFrom): carries the request's trace
 * id into the exchange, where error envelopes and upstream calls read it, and tells the access log
 * which route served the request.
 */
@Component("requestContext")
public final class RequestContext {


    public void bind(Exchange exchange) {
        HttpServletRequest request = exchange.getIn().getHeader("CamelHttpServletRequest", HttpServletRequest.class);
        String traceId = request == null ? TraceIds.generate() : TraceIds.of(request);
        exchange.setProperty(ExchangeKeys.TRACE_ID, traceId);
        if (request != null) {
            request.setAttribute(AccessLogFilter.ROUTE_ATTRIBUTE, exchange.getFromRouteId());
        }
    }

    public static String traceId(Exchange exchange) {
        String id = exchange.getProperty(ExchangeKeys.TRACE_ID, String.class);
        return id == null ? TraceIds.generate() : id;
    }
}
