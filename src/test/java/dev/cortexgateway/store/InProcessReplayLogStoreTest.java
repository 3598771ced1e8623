package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.InProcessStoreProperties;
import dev.cortexgateway.store.ReplayLogStore.Event;
import dev.cortexgateway.store.ReplayLogStore.Replay;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InProcessReplayLogStoreTest {

    private static final Duration TTL = Duration.ofMinutes(10);

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final InProcessReplayLogStore store = store(100, 5);

    @Test
    void aStreamIsOpenedOnce() {
        assertThat(store.open("s1")).isTrue();
        assertThat(store.open("s1")).isFalse();
        assertThat(store.readFrom("s1", 0)).contains(new Replay(List.of(), false, false));
    }

    @Test
    void eventsAreNumberedFromOneAndReadAfterASequenceNumber() {
        store.open("s1");

        assertThat(store.append("s1", "token", "{\"delta\":\"a\"}")).isEqualTo(1);
        assertThat(store.append("s1", "token", "{\"delta\":\"b\"}")).isEqualTo(2);
        assertThat(store.append("s1", "final", "{}")).isEqualTo(3);

        assertThat(store.readFrom("s1", 0).orElseThrow().events()).extracting(Event::seq).containsExactly(1L, 2L, 3L);
        Replay tail = store.readFrom("s1", 1).orElseThrow();
        assertThat(tail.events()).containsExactly(new Event(2, "token", "{\"delta\":\"b\"}"), new Event(3, "final", "{}"));
        assertThat(tail.gap()).isFalse();
        assertThat(store.readFrom("s1", 3).orElseThrow().events()).isEmpty();
    }

    @Test
    void streamsAreNumberedIndependently() {
        store.open("s1");
        store.open("s2");
        store.append("s1", "token", "{}");

        assertThat(store.append("s2", "token", "{}")).isEqualTo(1);
    }

    @Test
    void aCompletedStreamTakesNoMoreEvents() {
        store.open("s1");
        store.append("s1", "final", "{}");

        assertThat(store.readFrom("s1", 0).orElseThrow().complete()).isFalse();
        assertThat(store.complete("s1")).isTrue();
        assertThat(store.complete("s1")).isTrue();

        assertThat(store.readFrom("s1", 0).orElseThrow().complete()).isTrue();
        assertThatThrownBy(() -> store.append("s1", "token", "{}")).isInstanceOf(IllegalStateException.class);
        assertThat(store.readFrom("s1", 0).orElseThrow().events()).hasSize(1);
    }

    @Test
    void unknownStreamsAreNeitherReadNorWritten() {
        assertThat(store.readFrom("nope", 0)).isEmpty();
        assertThat(store.complete("nope")).isFalse();
        assertThatThrownBy(() -> store.append("nope", "token", "{}")).isInstanceOf(IllegalStateException.class);
        assertThat(store.readFrom("nope", 0)).isEmpty();
    }

    @Test
    void aLogKeepsItsNewestEventsAndTellsAReaderItFellBehind() {
        store.open("s1");
        IntStream.rangeClosed(1, 8).forEach(i -> store.append("s1", "token", "{\"index\":" + i + "}"));

        Replay fromStart = store.readFrom("s1", 0).orElseThrow();
        assertThat(fromStart.events()).extracting(Event::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(fromStart.gap()).isTrue();
        assertThat(store.readFrom("s1", 2).orElseThrow().gap()).isTrue();

        Replay caughtUp = store.readFrom("s1", 3).orElseThrow();
        assertThat(caughtUp.gap()).isFalse();
        assertThat(caughtUp.events()).extracting(Event::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void aLogLivesUntilItsTtlAfterTheLastWrite() {
        store.open("s1");
        time.advance(TTL.minusSeconds(1));
        store.append("s1", "token", "{}");
        time.advance(TTL.minusSeconds(1));

        assertThat(store.readFrom("s1", 0)).isPresent();

        time.advance(Duration.ofSeconds(1));

        assertThat(store.readFrom("s1", 0)).isEmpty();
        assertThatThrownBy(() -> store.append("s1", "token", "{}")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readingDoesNotKeepALogAlive() {
        store.open("s1");
        time.advance(TTL.minusSeconds(1));
        store.readFrom("s1", 0);
        time.advance(Duration.ofSeconds(1));

        assertThat(store.readFrom("s1", 0)).isEmpty();
    }

    @Test
    void theNumberOfLogsIsBounded() {
        InProcessReplayLogStore small = store(3, 5);
        IntStream.range(0, 50).forEach(i -> small.open("s" + i));

        long kept = IntStream.range(0, 50).filter(i -> small.readFrom("s" + i, 0).isPresent()).count();

        assertThat(kept).isLessThanOrEqualTo(3);
    }

    private InProcessReplayLogStore store(long maxStreams, int maxEventsPerStream) {
        return new InProcessReplayLogStore(new InProcessStoreProperties.Replay(maxStreams, maxEventsPerStream, TTL), time);
    }
}
