package dev.cortexgateway.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** The one body every non-2xx answer carries (the OpenAPI contract's Error schema). */
public record ErrorEnvelope(String status, Body error, String timestamp) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String code, String message, String hint, Map<String, Object> details,
                       boolean retryable, String traceId) {
    }

    public static ErrorEnvelope of(String code, boolean retryable, String message, String hint,
                                   Map<String, Object> details, String traceId) {
        return new ErrorEnvelope("error",
                new Body(code, message, hint, details == null ? Map.of() : details, retryable, traceId),
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    }

    public static ErrorEnvelope of(GatewayException e, String traceId) {
        return of(e.code().name(), e.code().retryable(), e.getMessage(), e.hint(), e.details(), traceId);
    }

    public int httpStatus() {
        try {
            return ErrorCode.valueOf(error.code()).status();
        } catch (IllegalArgumentException unknown) {
            return 500;
        }
    }
}
