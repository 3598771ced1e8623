package dev.cortexgateway.route;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * What a Java bridge (the chat's SSE controller, the OpenAI door) hands the route it runs, so the
 * route sees the request as a platform-http route would: its headers, query string and servlet request.
 */
public final class BridgedRequests {

    private BridgedRequests() {
    }

    public static void copy(HttpServletRequest request, Message in) {
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            // a client must not steer Camel through headers named like its internals
            if (!name.regionMatches(true, 0, "Camel", 0, 5) && !name.regionMatches(true, 0, "org.apache.camel", 0, 16)) {
                in.setHeader(name, request.getHeader(name));
            }
        }
        in.setHeader(Exchange.HTTP_QUERY, request.getQueryString());
        in.setHeader("CamelHttpServletRequest", request);
    }
}
