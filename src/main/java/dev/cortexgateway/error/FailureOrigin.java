package dev.cortexgateway.error;

/**
 * Where a failure was thrown, as {@code class.method:line}: enough to find it without a stack trace
 * in the log. Here, below every package that logs failures (routes, configuration hooks), so none
 * of them has to depend on another for it.
 */
public final class FailureOrigin {

    private FailureOrigin() {
    }

    public static String of(Throwable failure) {
        if (failure == null || failure.getStackTrace().length == 0) {
            return "unknown";
        }
        StackTraceElement top = failure.getStackTrace()[0];
        return top.getClassName() + "." + top.getMethodName() + ":" + top.getLineNumber();
    }
}
