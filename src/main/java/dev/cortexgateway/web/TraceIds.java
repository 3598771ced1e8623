package dev.cortexgateway.web;

import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Picks the trace id of a request: the trace-id of a W3C {@code traceparent}, else a well-formed
 * {@code X-Trace-Id}, else a new random one. Malformed values are ignored rather than echoed, so a
 * client cannot inject text into logs or headers.
 */
public final class TraceIds {

    public static final String ATTRIBUTE = "gateway.traceId";
    public static final String HEADER = "X-Trace-Id";

    private static final Pattern TRACEPARENT =
            Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final Pattern CLIENT_TRACE_ID = Pattern.compile("^[A-Za-z0-9._-]{8,64}$");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TraceIds() {
    }

    public static String resolve(HttpServletRequest request) {
        String traceparent = request.getHeader("traceparent");
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.trim().toLowerCase());
            if (m.matches() && !ZERO_TRACE.equals(m.group(1))) {
                return m.group(1);
            }
        }
        String given = request.getHeader(HEADER);
        if (given != null && CLIENT_TRACE_ID.matcher(given).matches()) {
            return given;
        }
        return generate();
    }

    public static String generate() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The trace id the filter gave this request (always set once the filter ran). */
    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? generate() : id.toString();
    }
}
