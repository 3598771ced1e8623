package dev.cortexgateway.upstream;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.sql.SqlFailures;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.util.Set;

/**
 * Which failures are the upstream's: they count against its circuit breaker and may be retried.
 * That is a 5xx or 429 answer, a timeout, a refused or broken connection. Everything else (a 4xx
 * the upstream gave for the gateway's request, a statement the warehouse rejects, a bad argument,
 * a bug in the gateway) is not evidence that the upstream is unwell and is neither counted nor retried.
 */
public final class UpstreamFailures {

    private static final Set<ErrorCode> UPSTREAM_CODES =
            Set.of(ErrorCode.UPSTREAM_ERROR, ErrorCode.UPSTREAM_TIMEOUT, ErrorCode.RATE_LIMITED);

    private UpstreamFailures() {
    }

    /** True when {@code failure} says the upstream is failing (5xx, 429, timeout, connection). */
    public static boolean isUpstreamFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GatewayException known) {
                return isUpstreamFailure(known);
            }
            if (t instanceof SQLException sql) {
                // the warehouse's refusal of a statement is the caller's; a timeout or broken connection is not
                return SqlFailures.isWarehouseFailure(sql);
            }
            if (t instanceof ConnectException || t instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUpstreamFailure(GatewayException known) {
        if (known.code() == ErrorCode.UPSTREAM_DEPENDENCY_FAILED) {
            Object cause = known.details().get("cause");
            return cause != null && UPSTREAM_CODES.stream().anyMatch(code -> code.name().equals(cause));
        }
        if (!UPSTREAM_CODES.contains(known.code())) {
            return false;
        }
        Object status = known.details().get("upstreamStatus");
        if (status instanceof Number number) {
            int code = number.intValue();
            // 400/401/403/404 are refusals of the gateway's own request or configuration: retrying will not help
            return code == 408 || code == 429 || code >= 500;
        }
        if (known.code() == ErrorCode.RATE_LIMITED) {
            // without an upstream status it is the gateway's own limit, not the upstream's
            return false;
        }
        // no status: a timeout, a connection that failed or broke, an answer that could not be read
        return true;
    }
}
