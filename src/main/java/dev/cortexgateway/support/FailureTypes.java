package dev.cortexgateway.support;

/** A failure for a log line: its types, outermost first, never a message (messages may carry URLs or user text). */
public final class FailureTypes {

    private FailureTypes() {
    }

    /** E.g. {@code SocketException <- SocketTimeoutException}. */
    public static String of(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null && chain.length() < 300; t = t.getCause()) {
            chain.append(chain.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName());
        }
        return chain.toString();
    }
}
