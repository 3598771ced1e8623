package dev.cortexgateway.upstream;

import dev.cortexgateway.metrics.UpstreamClock;
import dev.cortexgateway.support.CancelScope;
import dev.cortexgateway.tracing.ClientSpan;
import dev.cortexgateway.tracing.UpstreamTracing;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * What the gateway adds to every upstream call a route makes with Camel's HTTP component
 * ({@code httpClientConfigurer=#<name>} on the endpoint). It sits first in Apache HttpClient's
 * execution chain, on the thread that runs the route, so:
 * <ul>
 *   <li>the current {@link CancelScope} (a tool's deadline, a job's cancel, a shutdown) aborts the
 *       exchange at once, closing its connection, wherever it is: waiting for a pooled connection,
 *       for the headers, or in the body;</li>
 *   <li>the wait is an {@link UpstreamClock} lap, so the gateway-overhead metrics leave it out;</li>
 *   <li>it is a client span, with the W3C {@code traceparent} sent along;</li>
 *   <li>the answer is read whole inside the exchange, at most {@code maxAnswerBytes}
 *       ({@link AnswerTooLargeException} past that), so the cancel and the lap cover a trickling body
 *       too and no route ever holds an unbounded stream.</li>
 * </ul>
 */
public final class GuardedHttpCalls implements HttpClientConfigurer {

    private final UpstreamTracing tracing;
    private final String upstream;
    private final boolean recordPath;
    private final int maxAnswerBytes;

    /**
     * @param upstream       short name of the peer for spans ({@code cortex}, {@code http-tool})
     * @param recordPath     whether spans may record the URL path (not where a path carries a caller's arguments)
     * @param maxAnswerBytes the largest answer body read
     */
    public GuardedHttpCalls(UpstreamTracing tracing, String upstream, boolean recordPath, int maxAnswerBytes) {
        this.tracing = tracing;
        this.upstream = upstream;
        this.recordPath = recordPath;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("gateway-guard", (ExecChainHandler) this::execute);
    }

    private ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        CancelScope cancel = CancelScope.current();
        if (cancel.cancelled()) {
            throw new InterruptedIOException("cancelled before the call was sent");
        }
        ClientSpan span = tracing.start(request.getMethod(), uri(request), upstream, recordPath);
        span.inject(request::setHeader);
        try (CancelScope.Registration ignored = cancel.onCancel(() -> abort(scope));
             UpstreamClock.Lap waiting = UpstreamClock.lap()) {
            ClassicHttpResponse response = chain.proceed(request, scope);
            span.answered(response.getCode());
            readWhole(response, scope);
            span.end(null, false);
            return response;
        } catch (IOException | HttpException | RuntimeException e) {
            span.end(e, cancel.cancelled());
            throw e;
        }
    }

    /** Replaces the streamed entity by its bytes, read within the cap; the connection goes back to the pool. */
    private void readWhole(ClassicHttpResponse response, ExecChain.Scope scope) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return;
        }
        try {
            if (entity.getContentLength() > maxAnswerBytes) {
                throw new AnswerTooLargeException(maxAnswerBytes);
            }
            InputStream in = entity.getContent();
            byte[] body = in == null ? new byte[0] : in.readNBytes(maxAnswerBytes + 1);
            if (body.length > maxAnswerBytes) {
                throw new AnswerTooLargeException(maxAnswerBytes);
            }
            if (in != null) {
                // hands the connection back to the pool: a decompressed (gzip) answer ends before its
                // transfer does, and only the close reads the rest (the last chunk) off the wire
                in.close();
            }
            response.setEntity(new ByteArrayEntity(body, ContentType.parseLenient(entity.getContentType())));
        } catch (IOException | RuntimeException e) {
            // an answer not read to its end leaves its connection unusable: drop it (closing the response would drain it)
            scope.execRuntime.discardEndpoint();
            try {
                response.close();
            } catch (IOException alreadyClosed) {
                e.addSuppressed(alreadyClosed);
            }
            throw e;
        }
    }

    private static void abort(ExecChain.Scope scope) {
        // the request's own cancel covers a wait for a pooled connection; the runtime's closes an open one
        if (scope.originalRequest instanceof Cancellable request) {
            request.cancel();
        }
        if (scope.execRuntime instanceof Cancellable runtime) {
            runtime.cancel();
        }
    }

    private static URI uri(ClassicHttpRequest request) {
        try {
            return request.getUri();
        } catch (URISyntaxException e) {
            return URI.create("http://unknown/");
        }
    }

    /** The upstream's answer was longer than the gateway reads. */
    public static final class AnswerTooLargeException extends IOException {

        private final int limit;

        AnswerTooLargeException(int limit) {
            super("the answer is larger than " + limit + " bytes");
            this.limit = limit;
        }

        public int limit() {
            return limit;
        }
    }
}
