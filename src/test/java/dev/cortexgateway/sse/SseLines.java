package dev.cortexgateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real SSE client for tests: reads the response line by line as the bytes arrive and stamps each
 * line with its arrival time, so tests can assert both content and timing. Every wait is bounded.
 */
final class SseLines implements AutoCloseable {

    /** A received line without its terminator; {@code text} is null for end of stream. */
    record Line(String text, long arrivedNanos) {
        boolean isEnd() {
            return text == null;
        }
    }

    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    private final HttpResponse.ResponseInfo response;
    private volatile Flow.Subscription subscription;

    private SseLines(HttpClient client, URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
        // the future of sendAsync completes only at the end of the body; a stream needs its
        // status and headers as soon as they arrive
        CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
        client.sendAsync(request, info -> {
            head.complete(info);
            return BodySubscribers.fromLineSubscriber(new Collector());
        }).whenComplete((ignored, failure) -> {
            if (failure != null) {
                head.completeExceptionally(failure);
            }
        });
        this.response = head.get(10, TimeUnit.SECONDS);
    }

    static SseLines open(HttpClient client, URI uri) throws Exception {
        return new SseLines(client, uri);
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse.ResponseInfo response() {
        return response;
    }

    /** The next line, failing the test when none arrives within {@code timeout}. */
    Line next(Duration timeout) throws InterruptedException {
        Line line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(line).as("a line within %s", timeout).isNotNull();
        return line;
    }

    /** Drops the connection the way a closed browser tab does. */
    @Override
    public void close() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    private final class Collector implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String item) {
            lines.add(new Line(item, System.nanoTime()));
        }

        @Override
        public void onError(Throwable throwable) {
            lines.add(new Line(null, System.nanoTime()));
        }

        @Override
        public void onComplete() {
            lines.add(new Line(null, System.nanoTime()));
        }
    }
}
