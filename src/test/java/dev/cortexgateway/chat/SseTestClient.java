package dev.cortexgateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real SSE client for the chat tests: reads the response line by line as bytes arrive, parses
 * events (and counts heartbeat comments), and can drop the connection mid-stream. Waits are bounded.
 */
public final class SseTestClient {

    public static final ObjectMapper JSON = new ObjectMapper();

    public record Event(String id, String name, JsonNode data) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    public SseTestClient(int port) {
        this.port = port;
    }

    public Connection post(String path, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        return new Connection(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    public Connection get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        headers.forEach(request::header);
        return new Connection(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** One response: events are read on a background thread into a queue. */
    public static final class Connection {
        private static final Event END = new Event(null, "<end>", null);

        final HttpResponse<InputStream> response;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private volatile int heartbeats;
        private volatile String retry;

        Connection(HttpResponse<InputStream> response) {
            this.response = response;
            if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                Thread reader = new Thread(this::read, "sse-test-reader");
                reader.setDaemon(true);
                reader.start();
            }
        }

        public int status() {
            return response.statusCode();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public String body() throws IOException {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        }

        public int heartbeats() {
            return heartbeats;
        }

        public String retry() {
            return retry;
        }

        /** The next event, or null when the stream ended or nothing came within the timeout. */
        public Event next(Duration timeout) throws InterruptedException {
            Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return event == END ? null : event;
        }

        /** Every event up to the end of the stream (bounded by the timeout). */
        public List<Event> rest(Duration timeout) throws InterruptedException {
            List<Event> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Event event = events.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (event == null || event == END) {
                    return out;
                }
                out.add(event);
            }
            return out;
        }

        /** Drops the connection as a browser tab closing would. */
        public void drop() throws IOException {
            response.body().close();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String id = null;
                String name = null;
                StringBuilder data = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (data != null) {
                            events.add(new Event(id, name, JSON.readTree(data.toString())));
                        }
                        id = null;
                        name = null;
                        data = null;
                    } else if (line.startsWith(":")) {
                        heartbeats++;
                    } else if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                    } else if (line.startsWith("retry: ")) {
                        retry = line.substring(7);
                    }
                }
            } catch (IOException dropped) {
                // the test closed the connection, or the server did
            } finally {
                events.add(END);
            }
        }
    }
}
