package dev.cortexgateway.cortex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * Turns Snowflake's failures into the gateway's error codes (Snowflake's REST API error responses). Client-facing
 * messages never repeat Snowflake's text: only its code and request id travel, in details, so
 * support can find the call. A refused credential is the gateway's problem, never the client's.
 */
public final class UpstreamErrors {

    static final String REQUEST_ID_HEADER = "X-Snowflake-Request-ID";
    static final String CLOSED_EARLY = "upstream closed the stream early";

    private UpstreamErrors() {
    }

    /** A non-200 answer before any stream; {@code body} may be empty or not JSON. */
    static GatewayException forStatus(int status, HttpHeaders headers, byte[] body, ObjectMapper json, Clock clock) {
        return forStatus(status, name -> headers.firstValue(name).orElse(null), body, json, clock);
    }

    /** The same, with the answer's headers looked up by name (null when absent). */
    static GatewayException forStatus(int status, Function<String, String> headers, byte[] body, ObjectMapper json, Clock clock) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("upstreamStatus", status);
        JsonNode error = readQuietly(body, json);
        putCode(details, error);
        putRequestId(details, error, headers.apply(REQUEST_ID_HEADER));
        return switch (status) {
            case 429 -> {
                putRetryAfter(details, headers, clock);
                yield new GatewayException(ErrorCode.RATE_LIMITED, "Snowflake Cortex is rate limiting the gateway",
                        details.containsKey("retryAfterSeconds") ? "Retry after details.retryAfterSeconds seconds."
                                : "Retry later, with backoff.", details);
            }
            case 401, 403 -> new GatewayException(ErrorCode.UPSTREAM_ERROR, "Snowflake Cortex refused the gateway's credentials",
                    "Not a problem with your request: the gateway's own Snowflake credentials or role are wrong, expired "
                            + "or lack privileges. Tell the gateway's operators (details.upstreamRequestId identifies the call).",
                    details);
            case 408, 504 -> new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "Snowflake Cortex timed out",
                    "Retry later, with backoff.", details);
            case 400 -> new GatewayException(ErrorCode.UPSTREAM_ERROR, "Snowflake Cortex rejected the gateway's request",
                    "The gateway's agent configuration may not match the Snowflake account; details.upstreamRequestId "
                            + "identifies the call for support.", details);
            case 404 -> new GatewayException(ErrorCode.UPSTREAM_ERROR, "Snowflake Cortex does not know the configured agent endpoint",
                    "The gateway's agent configuration or the account's Cortex access needs checking by its operators.", details);
            case 503 -> {
                // a 503's Retry-After is honoured as a 429's: retries wait it out, the client is told it
                putRetryAfter(details, headers, clock);
                yield new GatewayException(ErrorCode.UPSTREAM_ERROR, "Snowflake Cortex failed (HTTP 503)",
                        details.containsKey("retryAfterSeconds") ? "Retry after details.retryAfterSeconds seconds."
                                : "Retry later, with backoff.", details);
            }
            default -> status >= 500
                    ? new GatewayException(ErrorCode.UPSTREAM_ERROR, "Snowflake Cortex failed (HTTP " + status + ")",
                            "Retry later, with backoff.", details)
                    : new GatewayException(ErrorCode.UPSTREAM_ERROR, "Snowflake Cortex answered with unexpected HTTP status " + status,
                            null, details);
        };
    }

    private static void putRetryAfter(Map<String, Object> details, Function<String, String> headers, Clock clock) {
        Optional.ofNullable(headers.apply("Retry-After")).map(value -> retryAfterSeconds(value, clock))
                .filter(seconds -> seconds >= 0).ifPresent(seconds -> details.put("retryAfterSeconds", seconds));
    }

    /** A failure of the exchange itself: no answer, or the connection broke. */
    public static GatewayException forException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // the JDK client's connect timeout (chat runs) and Apache HttpClient's (tools, through camel-http)
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectTimeoutException) {
                return new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "could not connect to Snowflake Cortex in time",
                        "Retry later, with backoff.", Map.of());
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "Snowflake Cortex did not answer in time",
                        "Retry later, with backoff.", Map.of());
            }
            if (t instanceof ConnectException) {
                return new GatewayException(ErrorCode.UPSTREAM_ERROR, "could not connect to Snowflake Cortex",
                        "Retry later, with backoff.", Map.of());
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return new GatewayException(ErrorCode.UPSTREAM_ERROR, "the connection to Snowflake Cortex failed",
                        "Retry later, with backoff.", Map.of());
            }
        }
        return new GatewayException(ErrorCode.UPSTREAM_ERROR, "the call to Snowflake Cortex failed", null, Map.of());
    }

    /** The stream ended (EOF or a broken connection) before {@code response} or {@code [DONE]}. */
    static GatewayException closedEarly(String headerRequestId) {
        Map<String, Object> details = new LinkedHashMap<>();
        putRequestId(details, null, headerRequestId);
        return new GatewayException(ErrorCode.UPSTREAM_ERROR, CLOSED_EARLY, "Retry the request.", details);
    }

    /** An {@code error} event inside the stream (or, in the legacy format, a data object with a code). */
    static GatewayException streamError(JsonNode data, String headerRequestId) {
        Map<String, Object> details = new LinkedHashMap<>();
        putCode(details, data);
        putRequestId(details, data, headerRequestId);
        return new GatewayException(ErrorCode.UPSTREAM_ERROR, "Snowflake Cortex reported an error during the run",
                "details.upstreamCode and details.upstreamRequestId identify it for support.", details);
    }

    static GatewayException inactive(Duration timeout, String headerRequestId) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("inactivitySeconds", timeout.toMillis() / 1000.0);
        putRequestId(details, null, headerRequestId);
        return new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "Snowflake Cortex sent nothing for "
                + timeout.toSeconds() + " s", "Retry later.", details);
    }

    public static GatewayException unreadableAnswer(String headerRequestId) {
        Map<String, Object> details = new LinkedHashMap<>();
        putRequestId(details, null, headerRequestId);
        return new GatewayException(ErrorCode.UPSTREAM_ERROR, "Snowflake Cortex sent an answer the gateway cannot read",
                null, details);
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; -1 when it is neither. */
    static long retryAfterSeconds(String value, Clock clock) {
        String trimmed = value.trim();
        try {
            return Long.parseLong(trimmed);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
                long seconds = Duration.between(clock.instant(), at.toInstant()).toSeconds();
                return Math.max(0, seconds);
            } catch (DateTimeParseException notDate) {
                return -1;
            }
        }
    }

    private static JsonNode readQuietly(byte[] body, ObjectMapper json) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static void putCode(Map<String, Object> details, JsonNode error) {
        String code = text(error, "code");
        if (code == null) {
            code = text(error, "error_code");
        }
        if (code != null) {
            details.put("upstreamCode", code);
        }
    }

    private static void putRequestId(Map<String, Object> details, JsonNode error, String headerRequestId) {
        String requestId = text(error, "request_id");
        if (requestId == null) {
            requestId = headerRequestId;
        }
        if (requestId != null && !requestId.isBlank()) {
            details.put("upstreamRequestId", requestId);
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        // codes and ids are identifiers: keep them short so upstream prose cannot ride along
        String text = value.asText();
        return text.length() > 128 ? text.substring(0, 128) : text;
    }
}
