package dev.cortexgateway.shutdown;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One chat SSE response read on a background thread, frame by frame: each event with the
 * {@code retry:} field that came in its frame (the reconnect event carries one), and the end of the
 * stream. Waits are bounded.
 */
final class ChatStreamReader {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One event; {@code id} null when the frame had none, {@code retry} null when it had no retry field. */
    record Event(String id, String name, JsonNode data, String retry) {
    }

    static final Event END = new Event(null, "<end>", null, null);

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    private ChatStreamReader(HttpResponse<InputStream> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "chat-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** POST /api/v1/chat with one user question in a new session. */
    static ChatStreamReader chat(int port, String token, String question) throws Exception {
        UUID session = UUID.randomUUID();
        String body = JSON.writeValueAsString(Map.of("sessionId", session.toString(), "messages", List.of(Map.of(
                "id", UUID.randomUUID().toString(), "role", "user", "content", question,
                "timestamp", "2026-11-25T10:00:00Z"))));
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/chat"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        return new ChatStreamReader(response);
    }

    int status() {
        return response.statusCode();
    }

    String streamId() {
        return response.headers().firstValue("X-Stream-Id").orElse(null);
    }

    /** The next event; {@link #END} when the stream ended; null when nothing came within the timeout. */
    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            String retry = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name, JSON.readTree(data.toString()), retry));
                    }
                    id = null;
                    name = null;
                    retry = null;
                    data = null;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("retry: ")) {
                    retry = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (IOException closed) {
            // the server closed the connection: the end as well
        } finally {
            events.add(END);
        }
    }
}
