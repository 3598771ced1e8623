package dev.cortexgateway.tracing;

import io.opentelemetry.api.trace.Tracer;
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
        ClientSpan span = start(request);
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
        ClientSpan span = start(request);
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

    private ClientSpan start(HttpRequest request) {
        return ClientSpan.start(tracer, propagator, request.method(), request.uri(), upstream, recordPath);
    }

    /** The request with the span's trace headers, or itself when there is no trace to carry. */
    private static HttpRequest carrying(HttpRequest request, ClientSpan span) {
        Map<String, String> headers = new LinkedHashMap<>(2);
        span.inject(headers::put);
        if (headers.isEmpty()) {
            return request;
        }
        HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> !headers.containsKey(name.toLowerCase()));
        headers.forEach(copy::setHeader);
        return copy.build();
    }

    /** Notes the status when the headers arrive: a streamed answer's future may end in a cancel after them. */
    private static <T> HttpResponse.BodyHandler<T> answered(ClientSpan span, HttpResponse.BodyHandler<T> handler) {
        return info -> {
            span.answered(info.statusCode());
            return handler.apply(info);
        };
    }

    private static void end(ClientSpan span, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        span.end(cause, cause instanceof CancellationException);
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
