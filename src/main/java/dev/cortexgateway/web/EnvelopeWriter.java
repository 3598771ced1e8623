package dev.cortexgateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.error.ErrorEnvelope;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/** Writes the error envelope straight onto a servlet response, for errors raised outside routes. */
@Component
public final class EnvelopeWriter {

    private final ObjectMapper json;

    public EnvelopeWriter(ObjectMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, ErrorEnvelope envelope) throws IOException {
        write(response, envelope.httpStatus(), envelope);
    }

    /** For framework statuses that keep their own number (a bare 400 from the container, say). */
    public void write(HttpServletResponse response, int status, ErrorEnvelope envelope) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json.writeValueAsBytes(envelope));
        // committing here ends the error dispatch: nothing may render a view afterwards
        response.flushBuffer();
    }
}
