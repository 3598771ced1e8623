package dev.cortexgateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.servlet.NoHandlerFoundException;

/**
 * Every failure on the simulator's port leaves as Snowflake's error body, never as the gateway
 * envelope. Not limited to a package: its context holds the simulator's controllers only, and a
 * path no controller has ({@link NoHandlerFoundException}) comes with no controller at all.
 */
@RestControllerAdvice
public final class SimulatorExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorExceptionHandler.class);

    private final ObjectMapper json;

    public SimulatorExceptionHandler(ObjectMapper json) {
        this.json = json;
    }

    @ExceptionHandler(SnowflakeError.class)
    ResponseEntity<ObjectNode> snowflake(SnowflakeError error, HttpServletRequest request, HttpServletResponse response) {
        return SnowflakeResponses.error(json, error, SnowflakeResponses.requestId(request, response));
    }

    /** A stream that times out has already been ended by its player; nothing more may be written to it. */
    @ExceptionHandler(AsyncRequestTimeoutException.class)
    void asyncTimeout() {
    }

    /** A simulator bug still answers like Snowflake would, and is logged by type only (bodies may carry data). */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ObjectNode> unexpected(RuntimeException error, HttpServletRequest request, HttpServletResponse response) {
        LOG.warn("simulator request failed: {}", error.getClass().getName());
        return SnowflakeResponses.error(json, new SnowflakeError(HttpStatus.INTERNAL_SERVER_ERROR, "399505",
                "Internal server error", null), SnowflakeResponses.requestId(request, response));
    }

    /** A path Snowflake does not have, on the simulator's own port. */
    @ExceptionHandler(NoHandlerFoundException.class)
    ResponseEntity<ObjectNode> noSuchPath(HttpServletRequest request, HttpServletResponse response) {
        return SnowflakeResponses.error(json, SnowflakeError.notFound("No such endpoint"),
                SnowflakeResponses.requestId(request, response));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ObjectNode> unreadable(HttpServletRequest request, HttpServletResponse response) {
        return SnowflakeResponses.error(json, SnowflakeError.badRequest("Request body is not valid JSON"),
                SnowflakeResponses.requestId(request, response));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ObjectNode> mediaType(HttpServletRequest request, HttpServletResponse response) {
        return SnowflakeResponses.error(json, new SnowflakeError(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        SnowflakeError.INVALID_REQUEST, "Content-Type must be application/json", null),
                SnowflakeResponses.requestId(request, response));
    }
}
