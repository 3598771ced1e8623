package dev.cortexgateway.web;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.ErrorEnvelope;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Spring Boot's white-label/JSON error page: whatever the servlet container or Spring MVC
 * rejects before a route runs (unknown path, wrong method, wrong media type, an exception that
 * escaped) reaches the client as the gateway's envelope. The exception itself is never shown.
 */
@Controller
public final class EnvelopeErrorController implements ErrorController {

    private final EnvelopeWriter writer;

    public EnvelopeErrorController(EnvelopeWriter writer) {
        this.writer = writer;
    }

    @RequestMapping("${server.error.path:/error}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // a client calling /error directly gets the answer of an unknown path
        int status = statusAttribute instanceof Integer s ? s : 404;
        ErrorCode code = ErrorCode.forStatus(status);
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ErrorEnvelope envelope = ErrorEnvelope.of(code.name(), code.retryable(), messageFor(status, request),
                hintFor(status), path == null ? Map.of() : Map.of("path", path), TraceIds.of(request));
        writer.write(response, status, envelope);
    }

    private static String messageFor(int status, HttpServletRequest request) {
        return switch (status) {
            case 404 -> "No endpoint matches this path";
            case 405 -> "This endpoint does not accept the " + originalMethod(request) + " method";
            case 406 -> "This endpoint cannot answer in the requested media type";
            case 413 -> "The request body is larger than this endpoint accepts";
            case 415 -> "This endpoint does not accept the request's Content-Type";
            case 400 -> "The request is malformed";
            default -> status >= 500 ? "The gateway failed to handle the request" : "The request was rejected";
        };
    }

    private static String hintFor(int status) {
        return switch (status) {
            case 404 -> "See /api/v1/openapi.json for the endpoints this gateway serves";
            case 405 -> "See the Allow header or /api/v1/openapi.json for the accepted methods";
            case 415 -> "Send the body as application/json with a matching Content-Type header";
            case 406 -> "Accept application/json (or text/event-stream for streams)";
            default -> null;
        };
    }

    private static String originalMethod(HttpServletRequest request) {
        // the error dispatch keeps the client's method
        return request.getMethod();
    }
}
