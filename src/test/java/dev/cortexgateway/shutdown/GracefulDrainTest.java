package dev.cortexgateway.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing a gateway's context (what SIGTERM does) while a chat answer is streaming: the stream gets
 * a {@code reconnect} event naming its stream and last event id, then ends; while the run finishes
 * its replay log, readiness answers 503 and a new chat is refused with 503; a WebSocket client is
 * closed with 1001; the close waits for the run and then completes well within the drain timeout.
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulDrainTest {

    /** About 40 x 150 ms of answer: still running while the test looks at the draining instance. */
    private static final String SLOW_QUESTION = "[[sim:long events=40]] [[sim:slow delayMs=150]] How many orders are there?";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void streamsAreToldToReconnectAndRunsFinishBeforeTheServerStops(CapturedOutput output) throws Exception {
        ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class)
                .profiles("local", "test")
                .run("--server.port=0", "--gateway.shutdown.drain-timeout=30s", "--gateway.shutdown.reconnect-retry=700ms");
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        String token = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret").token();

        CompletableFuture<Integer> wsClose = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        wsClose.complete(statusCode);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true).get(5, TimeUnit.SECONDS);

        ChatStreamReader stream = ChatStreamReader.chat(port, token, SLOW_QUESTION);
        assertThat(stream.status()).isEqualTo(200);
        String lastId = null;
        for (int i = 0; i < 3; i++) {
            ChatStreamReader.Event event = stream.next(Duration.ofSeconds(20));
            assertThat(event).isNotNull().isNotEqualTo(ChatStreamReader.END);
            lastId = event.id();
        }

        long closeStarted = System.nanoTime();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(gateway::close);

        ChatStreamReader.Event reconnect = untilReconnect(stream);
        assertThat(reconnect.id()).as("no id: the client keeps its Last-Event-ID").isNull();
        assertThat(reconnect.retry()).isEqualTo("700");
        assertThat(reconnect.data().path("type").asText()).isEqualTo("reconnect");
        assertThat(reconnect.data().path("streamId").asText()).isEqualTo(stream.streamId());
        assertThat(reconnect.data().path("retryMs").asLong()).isEqualTo(700);
        String resumeFrom = reconnect.data().path("lastEventId").asText();
        assertThat(resumeFrom).startsWith(stream.streamId() + ":");
        assertThat(seq(resumeFrom)).isGreaterThanOrEqualTo(seq(lastId));
        assertThat(stream.next(Duration.ofSeconds(10))).as("the response ends after the reconnect event")
                .isEqualTo(ChatStreamReader.END);

        assertThat(wsClose.get(10, TimeUnit.SECONDS)).isEqualTo(1001);

        // the run is still writing its replay log: the instance drains, it does not serve new streams
        assertThat(closed).isNotDone();
        HttpResponse<String> readiness = get(port, "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        ChatStreamReader refused = ChatStreamReader.chat(port, token, "How many orders are there?");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(get(port, "/api/v1/health").statusCode()).as("non-stream requests are still served").isEqualTo(200);
        HttpResponse<String> tools = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tools"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tools.statusCode()).as(tools.body()).isEqualTo(200);

        closed.get(60, TimeUnit.SECONDS);
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStarted);
        assertThat(output.getOut()).contains("1 chat runs finished, 0 cut short at the drain timeout");
        assertThat(closeMillis).as("the close waited for the run, not for a timeout").isLessThan(30_000);
    }

    @Test
    void aRunStillGoingAtTheDrainTimeoutIsCutShort(CapturedOutput output) throws Exception {
        ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class)
                .profiles("local", "test")
                .run("--server.port=0", "--gateway.shutdown.drain-timeout=1s");
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        String token = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret").token();
        ChatStreamReader stream = ChatStreamReader.chat(port, token,
                "[[sim:long events=200]] [[sim:slow delayMs=200]] How many orders are there?");
        assertThat(stream.next(Duration.ofSeconds(20))).isNotEqualTo(ChatStreamReader.END);

        CompletableFuture.runAsync(gateway::close).get(60, TimeUnit.SECONDS);

        assertThat(untilReconnect(stream)).isNotNull();
        assertThat(output.getOut()).contains("0 chat runs finished, 1 cut short at the drain timeout");
    }

    private static ChatStreamReader.Event untilReconnect(ChatStreamReader stream) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            ChatStreamReader.Event event = stream.next(Duration.ofSeconds(20));
            assertThat(event).as("reconnect event before the end").isNotNull().isNotEqualTo(ChatStreamReader.END);
            if ("reconnect".equals(event.name())) {
                return event;
            }
        }
        throw new AssertionError("no reconnect event");
    }

    private static long seq(String eventId) {
        return Long.parseLong(eventId.substring(eventId.lastIndexOf(':') + 1));
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
