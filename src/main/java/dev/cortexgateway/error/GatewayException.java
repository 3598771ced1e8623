package dev.cortexgateway.error;

import java.util.Map;

/**
 * A failure the gateway answers on purpose: routes and beans throw it, the shared error route
 * configuration turns it into the envelope. The message is shown to clients, so it never carries
 * internals.
 */
public final class GatewayException extends RuntimeException {

    private final ErrorCode code;
    private final String hint;
    private final Map<String, Object> details;

    public GatewayException(ErrorCode code, String message) {
        this(code, message, null, Map.of());
    }

    public GatewayException(ErrorCode code, String message, String hint, Map<String, Object> details) {
        super(message, null, false, false);
        this.code = code;
        this.hint = hint;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    public String hint() {
        return hint;
    }

    public Map<String, Object> details() {
        return details;
    }
}
