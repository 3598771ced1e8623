package dev.cortexgateway.openai;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * OpenAI's error shape for what is refused on {@code /v1/*} before a route sees it: the web
 * filters' 413, 415, 400 and 406, and the error controller's 404 and 405 (web/EnvelopeWriter writes
 * the envelope; this rewrites it, outside every other filter, in the same request). The routes and
 * the completions controller answer in OpenAI's shape themselves ({@link OpenAiErrors}); answers
 * written asynchronously (streams, routes on platform-http's executor) pass untouched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public final class OpenAiErrorShapeFilter extends OncePerRequestFilter {

    private final OpenAiErrors errors;

    public OpenAiErrorShapeFilter(OpenAiErrors errors) {
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = original instanceof String uri ? uri : request.getRequestURI();
        return path == null || !path.startsWith("/v1/");
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        // the error controller's 404 and 405 are written in the error dispatch
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        shaped(request, response, chain);
    }

    @Override
    protected void doFilterNestedErrorDispatch(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        shaped(request, response, chain);
    }

    private void shaped(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ErrorCapture capture = new ErrorCapture(response);
        try {
            chain.doFilter(request, capture);
        } finally {
            capture.finish();
        }
    }

    /** Holds back the body of an error answer written in this dispatch, to rewrite it at the end. */
    private final class ErrorCapture extends HttpServletResponseWrapper {

        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private boolean passThrough;
        private ServletOutputStream stream;
        private PrintWriter writer;

        ErrorCapture(HttpServletResponse response) {
            super(response);
        }

        private boolean capturing() {
            return !passThrough && getStatus() >= 400;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (!capturing()) {
                return super.getOutputStream();
            }
            if (stream == null) {
                stream = new ServletOutputStream() {
                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new UnsupportedOperationException("error answers are written blocking");
                    }

                    @Override
                    public void write(int b) {
                        held.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        held.write(b, off, len);
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (!capturing()) {
                return super.getWriter();
            }
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8));
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            if (held.size() == 0 && !capturing()) {
                super.flushBuffer();
            }
        }

        @Override
        public void setContentLength(int length) {
            if (!capturing()) {
                super.setContentLength(length);
            }
        }

        @Override
        public void setContentLengthLong(long length) {
            if (!capturing()) {
                super.setContentLengthLong(length);
            }
        }

        @Override
        public void setHeader(String name, String value) {
            if (!(capturing() && "Content-Length".equalsIgnoreCase(name))) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!(capturing() && "Content-Length".equalsIgnoreCase(name))) {
                super.addHeader(name, value);
            }
        }

        void finish() throws IOException {
            if (writer != null) {
                writer.flush();
            }
            if (held.size() == 0) {
                // nothing held: an answer still to come asynchronously is written as it is
                passThrough = true;
                return;
            }
            passThrough = true;
            String body = held.toString(StandardCharsets.UTF_8);
            String reshaped = errors.fromEnvelope(getStatus(), body);
            byte[] bytes = (reshaped == null ? body : reshaped).getBytes(StandardCharsets.UTF_8);
            HttpServletResponse response = (HttpServletResponse) getResponse();
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            response.flushBuffer();
        }
    }
}
