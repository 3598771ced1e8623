package dev.cortexgateway.routestests;

/**
 * A route case that failed, with the trace id of the answer that failed it: the gateway logs every
 * line of a request with that id, so an on-call engineer goes from a failed smoke case straight to
 * the gateway's log. {@code traceId} is null when no answer came (connection refused, timeout) or
 * the answer did not come from the gateway (a proxy in front of it answered).
 */
final class CaseFailure extends AssertionError {

    private final String caseName;
    private final String traceId;

    CaseFailure(String caseName, String traceId, Throwable cause) {
        super("X-Trace-Id: " + (traceId == null ? "(none: no answer from the gateway)" : traceId) + "\n"
                + describe(caseName, cause), cause);
        this.caseName = caseName;
        this.traceId = traceId;
    }

    String caseName() {
        return caseName;
    }

    String traceId() {
        return traceId;
    }

    /** An assertion's message starts with the case's name already (its description); anything else gets it. */
    private static String describe(String caseName, Throwable cause) {
        String message = cause.getMessage();
        return cause instanceof AssertionError ? message : caseName + "\n" + cause.getClass().getName() + ": " + message;
    }
}
