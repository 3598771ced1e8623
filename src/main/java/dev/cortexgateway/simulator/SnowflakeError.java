package dev.cortexgateway.simulator;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * An error the simulator answers the way Snowflake does: an HTTP status and an
 * {@code ErrorResponse} body {@code {message, code, request_id}}. The codes are Snowflake's where
 * its documentation names one (399504 execution error); the others are stable simulator values.
 */
final class SnowflakeError extends RuntimeException {

    static final String INVALID_REQUEST = "390142";
    static final String AUTH_MISSING = "390101";
    static final String JWT_INVALID = "390144";
    static final String TOKEN_TYPE_INVALID = "390303";
    /** Snowflake answers a bearer it does not know with this code (its "Invalid OAuth access token"). */
    static final String TOKEN_INVALID = "390303";
    static final String EXECUTION = "399504";
    static final String NOT_FOUND = "390404";

    private final HttpStatusCode status;
    private final String code;
    private final Integer retryAfterSeconds;

    SnowflakeError(HttpStatusCode status, String code, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static SnowflakeError badRequest(String message) {
        return new SnowflakeError(HttpStatus.BAD_REQUEST, INVALID_REQUEST, message, null);
    }

    static SnowflakeError notFound(String message) {
        return new SnowflakeError(HttpStatus.NOT_FOUND, NOT_FOUND, message, null);
    }

    HttpStatusCode status() {
        return status;
    }

    String code() {
        return code;
    }

    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
