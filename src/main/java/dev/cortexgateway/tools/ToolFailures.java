package dev.cortexgateway.tools;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.sql.SqlFailures;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.processor.ThrottlerRejectedExecutionException;

/**
 * What a failed tool execution answers. A tool's upstream (Cortex, the warehouse, an http tool's
 * host) failing or timing out is 424 UPSTREAM_DEPENDENCY_FAILED, as the chat clients expect, with the
 * upstream's own failure in {@code details.cause}; the caller's mistakes keep their 4xx.
 */
final class ToolFailures {

    /** CIRCUIT_OPEN is not here: the gateway refused the call and the upstream was not called, so it stays 503. */
    private static final Set<ErrorCode> UPSTREAM = Set.of(ErrorCode.UPSTREAM_ERROR, ErrorCode.UPSTREAM_TIMEOUT,
            ErrorCode.RATE_LIMITED, ErrorCode.SERVICE_UNAVAILABLE);

    private ToolFailures() {
    }

    static GatewayException timedOut(String tool, Duration timeout) {
        return new GatewayException(ErrorCode.UPSTREAM_DEPENDENCY_FAILED,
                "The tool '" + tool + "' did not finish within " + seconds(timeout) + " s and was stopped",
                "Retry later, or ask for a longer execution_options.timeout_seconds",
                Map.of("cause", ErrorCode.UPSTREAM_TIMEOUT.name(), "timeoutSeconds", seconds(timeout)));
    }

    static GatewayException cancelled(String tool) {
        return new GatewayException(ErrorCode.UPSTREAM_DEPENDENCY_FAILED, "The execution of '" + tool + "' was cancelled",
                null, Map.of("cause", "CANCELLED"));
    }

    static GatewayException busy() {
        return new GatewayException(ErrorCode.RATE_LIMITED, "The gateway is running as many tool executions as it may",
                "Retry after details.retryAfterSeconds seconds", Map.of("retryAfterSeconds", 1));
    }

    /** Maps what a tool route failed with; {@code cancelled}: the execution's scope was cancelled. */
    static GatewayException of(Throwable failure, String tool, boolean cancelled) {
        if (failure instanceof GatewayException known) {
            if (!UPSTREAM.contains(known.code())) {
                return known;
            }
            Map<String, Object> details = new LinkedHashMap<>(known.details());
            details.put("cause", known.code().name());
            return new GatewayException(ErrorCode.UPSTREAM_DEPENDENCY_FAILED,
                    "The upstream of tool '" + tool + "' failed: " + known.getMessage(), known.hint(), details);
        }
        if (failure instanceof ThrottlerRejectedExecutionException) {
            return new GatewayException(ErrorCode.RATE_LIMITED, "Too many calls to the upstream of tool '" + tool
                    + "' are in flight", "Retry after details.retryAfterSeconds seconds", Map.of("retryAfterSeconds", 1));
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return SqlFailures.failure(sql, cancelled);
            }
            if (t instanceof GatewayException known && t != failure) {
                return of(known, tool, cancelled);
            }
        }
        return null;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
