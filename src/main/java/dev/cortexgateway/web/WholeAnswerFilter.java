package dev.cortexgateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends JSON and XML answers of {@code /api/v1/*} whole. Camel's platform-http binding writes an
 * answer and flushes it, which commits it without a length (chunked); Tomcat then cannot tell a
 * small answer from a large one and gzips both. Holding back those flushes lets Tomcat set
 * {@code Content-Length} on an answer that fits its buffer, so {@code server.compression.min-response-size}
 * applies (docs/decisions/0022-content-negotiation.md). Any other type (the chat's
 * {@code text/event-stream}) flushes as written.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 8)
public final class WholeAnswerFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new NoEarlyFlush(response));
    }

    /** True for the types sent whole: they are never streamed. */
    static boolean whole(String contentType) {
        return contentType != null && (contentType.startsWith("application/json") || contentType.startsWith("application/xml"));
    }

    private static final class NoEarlyFlush extends HttpServletResponseWrapper {

        private ServletOutputStream stream;

        NoEarlyFlush(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!whole(getContentType())) {
                super.flushBuffer();
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream delegate = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        delegate.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        delegate.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        if (!whole(getContentType())) {
                            delegate.flush();
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        delegate.close();
                    }

                    @Override
                    public boolean isReady() {
                        return delegate.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        delegate.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
