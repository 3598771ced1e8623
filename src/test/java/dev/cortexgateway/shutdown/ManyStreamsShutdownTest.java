package dev.cortexgateway.shutdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * 1,000 open SSE streams (the bench probe's: no upstream behind them) when the context closes: every
 * one gets its {@code reconnect} event and ends, and the close does not sit out a shutdown phase's
 * timeout (it was once seen waiting ~10 s on a lifecycle stop group after a 1,000-stream run).
 */
class ManyStreamsShutdownTest {

    private static final int STREAMS = 1000;

    @Test
    void aThousandStreamsAreToldToReconnectAndTheCloseDoesNotWaitForATimeout() throws Exception {
        ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class)
                .profiles("local", "test").run("--server.port=0", "--gateway.bench.sse-probe=true");
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<Boolean>> reconnected = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/bench/sse-probe")).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            // reading to the end of the response: true when a reconnect event came before it
            reconnected.add(response.thenApplyAsync(r -> r.body().anyMatch("event: reconnect"::equals)));
        }
        await("every stream open").atMost(Duration.ofSeconds(60)).until(() -> openStreams(gateway) >= STREAMS);
        assertThat(openStreams(gateway)).isEqualTo(STREAMS);

        long started = System.nanoTime();
        gateway.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        CompletableFuture.allOf(reconnected.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(reconnected).allSatisfy(told -> assertThat(told.get()).isTrue());
        System.out.printf("closed with %d open streams in %d ms%n", STREAMS, closeMillis);
        // well below spring.lifecycle.timeout-per-shutdown-phase (30 s): nothing waited out a timeout
        assertThat(closeMillis).isLessThan(Duration.ofSeconds(25).toMillis());
    }

    private static int openStreams(ConfigurableApplicationContext gateway) {
        return gateway.getBean(dev.cortexgateway.sse.SseHeartbeats.class).openStreams();
    }
}
