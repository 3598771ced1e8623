package dev.cortexgateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.ErrorEnvelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * The envelope for errors Tomcat answers itself, before any filter or route runs: a request line
 * or headers it cannot parse or that are too large (400), a path with an encoded NUL or slash. In
 * place of Tomcat's HTML error page (which also lacked {@code X-Trace-Id}); the trace id is new, since
 * such a request's own headers could not be read.
 */
final class EnvelopeErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        if (status == 501) {
            // Tomcat's answer to CONNECT: a method no resource here supports, not a server failure
            status = 405;
            response.setStatus(status);
        }
        ErrorCode code = ErrorCode.forStatus(status);
        String traceId = TraceIds.generate();
        ErrorEnvelope envelope = ErrorEnvelope.of(code.name(), code.retryable(), message(status),
                status == 400 ? "Check the request line, the headers (at most 8 KB in all) and the path encoding" : null,
                Map.of(), traceId);
        try {
            byte[] body = JSON.writeValueAsBytes(envelope);
            response.setHeader(TraceIds.HEADER, traceId);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body any more: nothing left to tell it
        }
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "The request could not be read: malformed request line, headers or path, or headers too large";
            case 404 -> "No endpoint matches this path";
            case 405 -> "This request method is not supported";
            case 408 -> "The request was not received in time";
            case 413 -> "The request is too large";
            case 414 -> "The request URI is too long";
            default -> "The request could not be handled";
        };
    }
}
