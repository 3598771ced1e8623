package dev.cortexgateway.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} whose every exchange is a client span, child of the span current on the
 * calling thread, with that span's W3C {@code traceparent} sent along. The span ends when the
 * exchange's future does: after the whole body for a streamed answer read by a subscriber, at the
 * headers for one read as a stream. The caller keeps the client's own future, so cancelling it
 * still aborts the exchange.
 */
final class TracedHttpClient extends HttpClient {

    private final HttpClient http;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final String upstream;
    private final boolean recordPath;

    TracedHttpClient(HttpClient http, Tracer tracer, TextMapPropagator propagator, String upstream, boolean recordPath) {
        this.http = http;
        this.tracer = tracer;
        this.propagator = propagator;
        this.upstream = upstream;
        this.recordPath = recordPath;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        Span span = start(request);
        try {
            HttpResponse<T> response = http.send(carrying(request, span), answered(span, handler));
            end(span, null);
            return response;
        } catch (IOException | InterruptedException | RuntimeException e) {
            end(span, e);
            throw e;
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return sendAsync(request, handler, null);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushes) {
        Span span = start(request);
        CompletableFuture<HttpResponse<T>> exchange;
        try {
            exchange = http.sendAsync(carrying(request, span), answered(span, handler), pushes);
        } catch (RuntimeException e) {
            end(span, e);
            throw e;
        }
        exchange.whenComplete((response, failure) -> end(span, failure));
        return exchange;
    }

    private Span start(HttpRequest request) {
        Span span = tracer.spanBuilder(request.method() + " " + upstream).setSpanKind(SpanKind.CLIENT).startSpan();
        if (span.isRecording()) {
            span.setAttribute("http.request.method", request.method());
            span.setAttribute("server.address", String.valueOf(request.uri().getHost()));
            span.setAttribute("server.port", port(request));
            span.setAttribute("gateway.upstream", upstream);
            if (recordPath) {
                // the gateway's own Snowflake paths; a tool's URL may carry the caller's arguments
                span.setAttribute("url.path", String.valueOf(request.uri().getRawPath()));
            }
        }
        return span;
    }

    /** The request with the span's trace headers, or itself when there is no trace to carry. */
    private HttpRequest carrying(HttpRequest request, Span span) {
        Map<String, String> headers = new LinkedHashMap<>(2);
        propagator.inject(Context.current().with(span), headers, Map::put);
        if (headers.isEmpty()) {
            return request;
        }
        HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> !headers.containsKey(name.toLowerCase()));
        headers.forEach(copy::setHeader);
        return copy.build();
    }

    /** Notes the status when the headers arrive: a streamed answer's future may end in a cancel after them. */
    private static <T> HttpResponse.BodyHandler<T> answered(Span span, HttpResponse.BodyHandler<T> handler) {
        if (!span.isRecording()) {
            return handler;
        }
        return info -> {
            span.setAttribute("http.response.status_code", info.statusCode());
            if (info.statusCode() >= 400) {
                span.setStatus(StatusCode.ERROR);
            }
            return handler.apply(info);
        };
    }

    private static void end(Span span, Throwable failure) {
        if (!span.isRecording()) {
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof CancellationException) {
            // the caller ended the exchange on purpose: a streamed run that is done, or a client gone
            span.setAttribute("gateway.upstream.cancelled", true);
        } else if (cause != null) {
            span.setAttribute("error.type", cause.getClass().getName());
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    private static long port(HttpRequest request) {
        int port = request.uri().getPort();
        return port >= 0 ? port : "https".equalsIgnoreCase(request.uri().getScheme()) ? 443 : 80;
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return http.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return http.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return http.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return http.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return http.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return http.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return http.authenticator();
    }

    @Override
    public Version version() {
        return http.version();
    }

    @Override
    public Optional<Executor> executor() {
        return http.executor();
    }
}
