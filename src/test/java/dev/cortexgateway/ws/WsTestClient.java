package dev.cortexgateway.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (java.net.http) for the gateway under test. With {@code autoDemand} it
 * reads everything as it comes; without, it reads only what {@link #request(long)} asks for, and the
 * server's bytes back up in TCP: a client that does not read. Public for the contract tests.
 */
public final class WsTestClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsTestClient(int port, boolean autoDemand, String origin) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        this.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"), new Listener(autoDemand)).join();
    }

    private WsTestClient(int port, boolean autoDemand) {
        this(port, autoDemand, null);
    }

    public static WsTestClient connect(int port) {
        return new WsTestClient(port, true);
    }

    /** A browser's connection: the handshake carries this Origin. */
    static WsTestClient connectFrom(int port, String origin) {
        return new WsTestClient(port, true, origin);
    }

    /** A client that reads nothing unless asked with {@link #request(long)}. */
    static WsTestClient withoutDemand(int port) {
        return new WsTestClient(port, false);
    }

    public void send(Object message) throws Exception {
        try {
            socket.sendText(message instanceof String s ? s : JSON.writeValueAsString(message), true).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Closed why = closed.isDone() ? closed.join() : null;
            throw new AssertionError("send failed (" + e.getCause() + "); closed: " + why, e);
        }
    }

    void request(long n) {
        socket.request(n);
    }

    /** Sends auth and waits for {@code authenticated}. */
    public JsonNode auth(String token) throws Exception {
        send(Map.of("type", "auth", "token", token));
        return next("authenticated");
    }

    public JsonNode subscribe(String channel) throws Exception {
        send(Map.of("type", "subscribe", "channel", channel));
        return next("subscribed");
    }

    /** The next message (heartbeats skipped); it must be of {@code type}. */
    public JsonNode next(String type) throws Exception {
        JsonNode message = next();
        if (!type.equals(message.path("type").asText())) {
            throw new AssertionError("expected a " + type + " message, got " + message);
        }
        return message;
    }

    /** The next message that is not a heartbeat, waiting up to 10 s. */
    public JsonNode next() throws Exception {
        while (true) {
            JsonNode message = messages.poll(10, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within 10 s" + (closed.isDone() ? "; closed " + closed.join() : ""));
            }
            if (!"heartbeat".equals(message.path("type").asText())) {
                return message;
            }
        }
    }

    /** Every message up to and including the first that matches, heartbeats included. */
    public List<JsonNode> until(Predicate<JsonNode> last) throws Exception {
        List<JsonNode> seen = new ArrayList<>();
        while (true) {
            JsonNode message = messages.poll(10, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no matching message within 10 s; seen " + seen);
            }
            seen.add(message);
            if (last.test(message)) {
                return seen;
            }
        }
    }

    /** Sends ping and returns every message before the pong: all the server queued before it. */
    public List<JsonNode> drainWithPing() throws Exception {
        send(Map.of("type", "ping"));
        List<JsonNode> before = until(m -> "pong".equals(m.path("type").asText()));
        return before.subList(0, before.size() - 1);
    }

    Closed awaitClose() throws Exception {
        return closed.get(15, TimeUnit.SECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        socket.abort();
    }

    record Closed(int code, String reason) {
    }

    private final class Listener implements WebSocket.Listener {

        private final boolean autoDemand;
        private final StringBuilder partial = new StringBuilder();

        Listener(boolean autoDemand) {
            this.autoDemand = autoDemand;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (autoDemand) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    messages.add(JSON.createObjectNode().put("type", "unparsable").put("text", partial.toString()));
                }
                partial.setLength(0);
            }
            if (autoDemand) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(1006, String.valueOf(error.getClass().getSimpleName())));
        }
    }
}
