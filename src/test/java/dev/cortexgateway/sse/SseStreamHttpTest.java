package dev.cortexgateway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.testing.Pacing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The SSE framing and heartbeats as a real HTTP client sees them, on the running app. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.bench.sse-probe=true",
        "gateway.sse.heartbeat-interval=400ms",
        "gateway.sse.retry=3s"})
@ActiveProfiles({"local", "test"})
@Import(SseStreamHttpTest.TestStreams.class)
class SseStreamHttpTest {

    private static final Duration INTERVAL = Duration.ofMillis(400);
    /**
     * A bound that is the behaviour (a heartbeat every interval): the scheduler looks every
     * interval/10, and the rest, four intervals, absorbs a busy test machine.
     */
    private static final Duration LATEST_HEARTBEAT = INTERVAL.plusMillis(40).plus(INTERVAL.multipliedBy(4));

    @LocalServerPort
    int port;

    @Autowired
    SseHeartbeats heartbeats;

    @Autowired
    TestStreams testStreams;

    private final HttpClient client = SseLines.client();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("gateway.data-dir", () -> {
            try {
                return Files.createTempDirectory("sse-test").toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void streamBytesAreRetryHintThenFramedEvents() throws Exception {
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(uri("/test/sse/events")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        String expected = "retry: 3000\n\n"
                + "id: t:1\nevent: token\ndata: {\"type\":\"token\",\"text\":\"héllo \\\"q\\\"\\n\"}\n\n"
                + "id: t:2\nevent: final\ndata: {\"type\":\"final\",\"text\":\"done\"}\n\n";
        assertThat(response.body()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void silentStreamGetsAHeartbeatEveryInterval() throws Exception {
        try (SseLines stream = SseLines.open(client, uri("/bench/sse-probe"))) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("Cache-Control")).hasValue("no-store");
            SseLines.Line retry = stream.next(Duration.ofSeconds(5));
            assertThat(retry.text()).isEqualTo("retry: 3000");
            assertThat(stream.next(Duration.ofSeconds(1)).text()).isEmpty();

            long previous = retry.arrivedNanos();
            for (int i = 0; i < 4; i++) {
                SseLines.Line heartbeat = stream.next(LATEST_HEARTBEAT.plusSeconds(1));
                assertThat(heartbeat.text()).isEqualTo(": heartbeat");
                Duration gap = Duration.ofNanos(heartbeat.arrivedNanos() - previous);
                // not before the stream has been silent for an interval, and not much later either
                assertThat(gap).isBetween(INTERVAL.multipliedBy(8).dividedBy(10), LATEST_HEARTBEAT);
                assertThat(stream.next(Duration.ofSeconds(1)).text()).isEmpty();
                previous = heartbeat.arrivedNanos();
            }
        }
    }

    /**
     * A heartbeat goes only to a stream silent for an interval. The chatty stream writes every eighth
     * of an interval, and its producer measures the longest span from the start of one write to the
     * end of the next (from before the stream opened, to after it completed): a heartbeat needs a
     * silence of an interval inside such a span. Below an interval, none may come. A machine busy
     * enough to hold the producer up for a whole interval makes a run say nothing about the rule
     * (a heartbeat would then be right), so such a run is repeated, at most three times in all.
     */
    @Test
    void streamWithRegularOutputGetsNoHeartbeat() throws Exception {
        List<Duration> heldUp = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            List<String> received = new ArrayList<>();
            try (SseLines stream = SseLines.open(client, uri("/test/sse/chatty"))) {
                for (SseLines.Line line = stream.next(Duration.ofSeconds(5)); !line.isEnd();
                     line = stream.next(Duration.ofSeconds(5))) {
                    received.add(line.text());
                }
            }
            Duration longest = testStreams.chattyLongestSpans.poll(10, TimeUnit.SECONDS);
            assertThat(longest).as("the chatty producer's longest span").isNotNull();
            assertThat(received).filteredOn(line -> line.startsWith("event: ")).hasSize(TestStreams.CHATTY_EVENTS);
            if (longest.compareTo(INTERVAL) < 0) {
                assertThat(received).as("longest span between writes " + longest).noneMatch(line -> line.startsWith(":"));
                return;
            }
            heldUp.add(longest);
        }
        fail("the chatty producer was held up for a heartbeat interval in every run (" + heldUp
                + "): too busy a machine to tell");
    }

    @Test
    void clientThatGoesAwayIsFoundByTheNextHeartbeatAndForgotten() throws Exception {
        awaitOpenStreams(0);
        SseLines stream = SseLines.open(client, uri("/bench/sse-probe"));
        assertThat(stream.next(Duration.ofSeconds(5)).text()).isEqualTo("retry: 3000");
        assertThat(heartbeats.openStreams()).isEqualTo(1);

        stream.close();

        // the first write after the peer closed can still succeed; the next one fails
        awaitOpenStreams(0);
    }

    private void awaitOpenStreams(int expected) {
        await(expected + " open streams").atMost(Duration.ofSeconds(10)).until(() -> heartbeats.openStreams() == expected);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    record Token(String type, String text) {
    }

    /** Streams with known content, to check what reaches the client byte for byte. */
    @RestController
    static final class TestStreams {

        static final int CHATTY_EVENTS = 24;
        /** Far below the heartbeat interval, so only a machine stalled for most of an interval matters. */
        static final Duration CHATTY_SPACING = INTERVAL.dividedBy(8);

        private final SseStreams streams;
        /** Each chatty stream's longest span from the start of one write to the end of the next. */
        final BlockingQueue<Duration> chattyLongestSpans = new LinkedBlockingQueue<>();

        TestStreams(SseStreams streams) {
            this.streams = streams;
        }

        @GetMapping("/test/sse/events")
        SseEmitter events() {
            SseStream stream = streams.open();
            stream.event("t:1", "token", new Token("token", "héllo \"q\"\n"));
            stream.event("t:2", "final", new Token("final", "done"));
            stream.complete();
            return stream.emitter();
        }

        /** An event every eighth of the heartbeat interval, for three intervals: never silent long enough for a heartbeat. */
        @GetMapping("/test/sse/chatty")
        SseEmitter chatty() {
            long opening = System.nanoTime();
            SseStream stream = streams.open();
            Thread producer = new Thread(() -> {
                long previousStart = opening;
                long longest = 0;
                try {
                    for (int i = 1; i <= CHATTY_EVENTS && stream.isOpen(); i++) {
                        Pacing.pause(CHATTY_SPACING);
                        long start = System.nanoTime();
                        stream.event("c:" + i, "token", new Token("token", "t" + i));
                        longest = Math.max(longest, System.nanoTime() - previousStart);
                        previousStart = start;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    stream.complete();
                    chattyLongestSpans.add(Duration.ofNanos(Math.max(longest, System.nanoTime() - previousStart)));
                }
            }, "chatty-producer");
            producer.setDaemon(true);
            producer.start();
            return stream.emitter();
        }
    }
}
