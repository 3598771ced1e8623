package dev.cortexgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Snowflake client for the simulator tests (on the simulator's own port, or on the gateway's to
 * show it is not there): JSON calls, and SSE streams read line by line as
 * the bytes arrive, each event stamped with its arrival time. Every wait is bounded.
 */
final class SimClient {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The simulator's token of the local profile (gateway.simulator.token). */
    static final String TOKEN = "local-simulator-token";
    static final Map<String, String> PAT = Map.of("Authorization", "Bearer " + TOKEN,
            "X-Snowflake-Authorization-Token-Type", "PROGRAMMATIC_ACCESS_TOKEN");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    SimClient(int port) {
        this.port = port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> post(String path, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Object body) throws Exception {
        return post(path, body, PAT);
    }

    HttpResponse<String> postRaw(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        PAT.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET();
        PAT.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    Stream stream(String path, Object body) throws Exception {
        return new Stream(path, body);
    }

    static Map<String, Object> userMessage(String text) {
        return Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", text)));
    }

    static Map<String, Object> agentRun(String question) {
        return Map.of("models", Map.of("orchestration", "claude-4-sonnet"), "messages", List.of(userMessage(question)));
    }

    /** One SSE event: name (null when the frame had no event line), data, arrival time. */
    record Event(String name, String data, long arrivedNanos) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (Exception e) {
                throw new AssertionError("event data is not JSON: " + data, e);
            }
        }
    }

    final class Stream implements AutoCloseable {
        private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
        private final HttpResponse.ResponseInfo head;
        private volatile Flow.Subscription subscription;
        private String name;
        private StringBuilder data;
        private volatile boolean failed;

        private Stream(String path, Object body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            PAT.forEach(request::header);
            CompletableFuture<HttpResponse.ResponseInfo> info = new CompletableFuture<>();
            http.sendAsync(request.build(), response -> {
                info.complete(response);
                return BodySubscribers.fromLineSubscriber(new Lines());
            }).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    failed = true;
                    info.completeExceptionally(failure);
                    items.add(End.INSTANCE);
                }
            });
            this.head = info.get(10, TimeUnit.SECONDS);
        }

        HttpResponse.ResponseInfo head() {
            return head;
        }

        /** The next event, or null at the end of the stream; fails the test after {@code timeout}. */
        Event next(Duration timeout) throws InterruptedException {
            Object item = items.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(item).as("an event or the end of the stream within %s", timeout).isNotNull();
            return item instanceof Event event ? event : null;
        }

        /** Every remaining event until the stream ends. */
        List<Event> rest(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Event> events = new ArrayList<>();
            while (true) {
                Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (event == null) {
                    return events;
                }
                events.add(event);
            }
        }

        /** True when the body ended with a transport error rather than a clean end. */
        boolean endedWithError() {
            return failed;
        }

        @Override
        public void close() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }

        private void line(String line) {
            if (line.isEmpty()) {
                if (data != null) {
                    items.add(new Event(name, data.toString(), System.nanoTime()));
                }
                name = null;
                data = null;
            } else if (line.startsWith("event: ")) {
                name = line.substring("event: ".length());
            } else if (line.startsWith("data: ")) {
                data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
            } else if (!line.startsWith(":")) {
                // surfaces in the event sequence, so any assertion on it fails with the line shown
                items.add(new Event("INVALID-LINE", line, System.nanoTime()));
            }
        }

        private final class Lines implements Flow.Subscriber<String> {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String item) {
                line(item);
            }

            @Override
            public void onError(Throwable throwable) {
                failed = true;
                items.add(End.INSTANCE);
            }

            @Override
            public void onComplete() {
                items.add(End.INSTANCE);
            }
        }
    }

    private enum End { INSTANCE }
}
