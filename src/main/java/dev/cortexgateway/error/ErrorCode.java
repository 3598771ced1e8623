package dev.cortexgateway.error;

/**
 * The gateway's error codes and the HTTP status each one answers with (the OpenAPI contract's Error schema).
 * Clients branch on the code, so a code never changes its status once published.
 */
public enum ErrorCode {
    INVALID_REQUEST(400, false),
    /**
     * A well-formed tool definition that fails registration's checks (read-only SQL, declared
     * parameters, allow-listed host, Cortex resource names): the job service's "config validation failed".
     */
    INVALID_CONFIG(400, false),
    /** sql_exec: the statement does not parse. */
    SQL_PARSE_ERROR(400, false),
    /** sql_exec: more than one statement, e.g. one stacked after a SELECT. */
    SQL_MULTIPLE_STATEMENTS(400, false),
    /** sql_exec: a statement that is not a plain read (DDL, DML, CALL, SELECT INTO, FOR UPDATE, a denied function). */
    SQL_NOT_READ_ONLY(400, false),
    /** sql_exec: the warehouse refused a read-only statement (unknown object, type error, no privilege). */
    SQL_REJECTED(400, false),
    /** http tools: an argument would move the tool's URL off its template (a dot segment, another host or port). */
    TOOL_ARGUMENT_INVALID(400, false),
    /** query: the question is longer than 4000 characters. */
    QUERY_TOO_LONG(400, false),
    /** query: the question is empty or only whitespace. */
    INVALID_QUERY(400, false),
    /** tool authorization: the callback URL's origin is not one of the caller's client's allowed-origins. */
    CALLBACK_URL_NOT_ALLOWED(400, false),
    /** tool authorization: the tool does not call a host with an end user's OAuth token. */
    TOOL_OAUTH_NOT_SUPPORTED(400, false),
    /** tool authorization callback: wrong state, expired, already completed or failed, or a code the provider refused ({@code details.reason}). */
    AUTHORIZATION_FLOW_INVALID(400, false),
    UNAUTHORIZED(401, false),
    FORBIDDEN(403, false),
    /** A cross-origin request (or its preflight) from an origin the gateway does not allow. */
    CORS_REJECTED(403, false),
    TOOL_DISABLED(403, false),
    /** An http tool that acts for the end user, who has not authorized it (or revoked it): {@code details.authorizeUrl}. */
    TOOL_AUTHORIZATION_REQUIRED(403, false),
    NOT_FOUND(404, false),
    TOOL_NOT_FOUND(404, false),
    JOB_NOT_FOUND(404, false),
    QUERY_NOT_FOUND(404, false),
    SESSION_NOT_FOUND(404, false),
    PIPELINE_NOT_FOUND(404, false),
    STREAM_NOT_FOUND(404, false),
    AUTHORIZATION_FLOW_NOT_FOUND(404, false),
    METHOD_NOT_ALLOWED(405, false),
    NOT_ACCEPTABLE(406, false),
    /** Accept-Version names a version other than v1 (details.supportedVersions). */
    UNSUPPORTED_VERSION(406, false),
    /** pipelines: the route keeps the gateway operable (pipelines, auth-token, health, docs) and cannot be switched. */
    PIPELINE_NOT_SWITCHABLE(409, false),
    PAYLOAD_TOO_LARGE(413, false),
    /** data_to_chart: the Vega-Lite spec would exceed its size cap. */
    CHART_TOO_LARGE(413, false),
    UNSUPPORTED_MEDIA_TYPE(415, false),
    UPSTREAM_DEPENDENCY_FAILED(424, true),
    RATE_LIMITED(429, true),
    /**
     * The client or end user has used its token budget for the day or month (docs/usage.md):
     * {@code details.resetAt} (and {@code Retry-After}) say when the next period starts.
     */
    BUDGET_EXCEEDED(429, true),
    INTERNAL_SERVER_ERROR(500, true),
    UPSTREAM_ERROR(502, true),
    ROUTE_DISABLED(503, true),
    CIRCUIT_OPEN(503, true),
    SERVICE_UNAVAILABLE(503, true),
    UPSTREAM_TIMEOUT(504, true);

    private final int status;
    private final boolean retryable;

    ErrorCode(int status, boolean retryable) {
        this.status = status;
        this.retryable = retryable;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The code a bare HTTP status maps to when the framework, not a route, produced the error. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 502 -> UPSTREAM_ERROR;
            case 503 -> SERVICE_UNAVAILABLE;
            case 504 -> UPSTREAM_TIMEOUT;
            default -> status >= 400 && status < 500 ? INVALID_REQUEST : INTERNAL_SERVER_ERROR;
        };
    }
}
