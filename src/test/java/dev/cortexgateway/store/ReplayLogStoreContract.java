package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.store.ReplayLogStore.Event;
import dev.cortexgateway.store.ReplayLogStore.Owner;
import dev.cortexgateway.store.ReplayLogStore.Replay;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every replay log store does, whichever backend: run against the in-process store and the
 * Redis one. Subclasses give a store that keeps at most {@link #MAX_EVENTS} events per stream.
 */
public abstract class ReplayLogStoreContract {

    protected static final int MAX_EVENTS = 5;
    protected static final Owner OWNER = new Owner("client-a", "3f1f6f55-7d5a-4c36-9f0e-0c7c5e2b7a11");

    /** The store under test, keeping {@link #MAX_EVENTS} events per stream. */
    protected abstract ReplayLogStore store();

    /** A stream id no other test (or earlier run on a shared server) used. */
    protected String id(String name) {
        return name;
    }

    @Test
    void aStreamIsOpenedOnceAndKnowsItsOwner() {
        String s1 = id("s1");
        assertThat(store().open(s1, OWNER)).isTrue();
        assertThat(store().open(s1, new Owner("client-b", "other"))).isFalse();
        assertThat(store().readFrom(s1, 0)).contains(new Replay(List.of(), false, false));
        assertThat(store().owner(s1)).contains(OWNER);
        assertThat(store().owner(id("nope"))).isEmpty();
    }

    @Test
    void eventsAreNumberedFromOneAndReadAfterASequenceNumber() {
        String s1 = id("s1");
        store().open(s1, OWNER);

        assertThat(store().append(s1, "token", "{\"delta\":\"a\"}")).isEqualTo(1);
        assertThat(store().append(s1, "token", "{\"delta\":\"b\"}")).isEqualTo(2);
        assertThat(store().append(s1, "final", "{}")).isEqualTo(3);

        assertThat(store().readFrom(s1, 0).orElseThrow().events()).extracting(Event::seq).containsExactly(1L, 2L, 3L);
        Replay tail = store().readFrom(s1, 1).orElseThrow();
        assertThat(tail.events()).containsExactly(new Event(2, "token", "{\"delta\":\"b\"}"), new Event(3, "final", "{}"));
        assertThat(tail.gap()).isFalse();
        assertThat(store().readFrom(s1, 3).orElseThrow().events()).isEmpty();
        assertThat(store().readFrom(s1, 7).orElseThrow().gap()).isFalse();
    }

    @Test
    void streamsAreNumberedIndependently() {
        store().open(id("s1"), OWNER);
        store().open(id("s2"), OWNER);
        store().append(id("s1"), "token", "{}");

        assertThat(store().append(id("s2"), "token", "{}")).isEqualTo(1);
    }

    @Test
    void aCompletedStreamTakesNoMoreEvents() {
        String s1 = id("s1");
        store().open(s1, OWNER);
        store().append(s1, "final", "{}");

        assertThat(store().readFrom(s1, 0).orElseThrow().complete()).isFalse();
        assertThat(store().complete(s1)).isTrue();
        assertThat(store().complete(s1)).isTrue();

        assertThat(store().readFrom(s1, 0).orElseThrow().complete()).isTrue();
        assertThatThrownBy(() -> store().append(s1, "token", "{}")).isInstanceOf(IllegalStateException.class);
        assertThat(store().readFrom(s1, 0).orElseThrow().events()).hasSize(1);
    }

    @Test
    void unknownStreamsAreNeitherReadNorWritten() {
        String nope = id("nope");
        assertThat(store().readFrom(nope, 0)).isEmpty();
        assertThat(store().complete(nope)).isFalse();
        assertThatThrownBy(() -> store().append(nope, "token", "{}")).isInstanceOf(IllegalStateException.class);
        assertThat(store().readFrom(nope, 0)).isEmpty();
        assertThat(store().owner(nope)).isEmpty();
    }

    @Test
    void aDiscardedStreamIsUnknownAtOnce() {
        String s1 = id("s1");
        store().open(s1, OWNER);
        store().append(s1, "token", "{}");

        store().discard(s1);
        store().discard(id("nope"));

        assertThat(store().readFrom(s1, 0)).isEmpty();
        assertThat(store().owner(s1)).isEmpty();
        assertThatThrownBy(() -> store().append(s1, "token", "{}")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLogKeepsItsNewestEventsAndTellsAReaderItFellBehind() {
        String s1 = id("s1");
        store().open(s1, OWNER);
        IntStream.rangeClosed(1, 8).forEach(i -> store().append(s1, "token", "{\"index\":" + i + "}"));

        Replay fromStart = store().readFrom(s1, 0).orElseThrow();
        assertThat(fromStart.events()).extracting(Event::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(fromStart.gap()).isTrue();
        assertThat(store().readFrom(s1, 2).orElseThrow().gap()).isTrue();

        Replay caughtUp = store().readFrom(s1, 3).orElseThrow();
        assertThat(caughtUp.gap()).isFalse();
        assertThat(caughtUp.events()).extracting(Event::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void eventDataComesBackByteForByte() {
        String s1 = id("s1");
        store().open(s1, OWNER);
        String data = "{\"delta\":\"Grüße – 你好 \\\"quoted\\\" \\n line\"}";
        store().append(s1, "token", data);

        assertThat(store().readFrom(s1, 0).orElseThrow().events().get(0).data()).isEqualTo(data);
    }

    @Test
    void concurrentWritersGetDistinctNumbersAndReadersNeverSeeAHole() throws Exception {
        String s1 = id("s1");
        ReplayLogStore big = storeKeeping(10_000);
        big.open(s1, OWNER);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<Long>>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                writers.add(pool.submit(() -> IntStream.range(0, 100).mapToObj(i -> big.append(s1, "token", "{}")).toList()));
            }
            Callable<Boolean> reader = () -> {
                for (int i = 0; i < 50; i++) {
                    List<Event> seen = big.readFrom(s1, 0).orElseThrow().events();
                    for (int k = 0; k < seen.size(); k++) {
                        if (seen.get(k).seq() != k + 1) {
                            return false;
                        }
                    }
                }
                return true;
            };
            Future<Boolean> holeFree = pool.submit(reader);
            List<Long> numbers = new ArrayList<>();
            for (Future<List<Long>> writer : writers) {
                numbers.addAll(writer.get(60, TimeUnit.SECONDS));
            }
            assertThat(holeFree.get(60, TimeUnit.SECONDS)).isTrue();
            assertThat(numbers).doesNotHaveDuplicates().hasSize(400);
            assertThat(big.readFrom(s1, 0).orElseThrow().events()).extracting(Event::seq)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 400).mapToObj(i -> (long) i).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A store like {@link #store()} on the same backend, keeping {@code maxEvents} per stream. */
    protected abstract ReplayLogStore storeKeeping(int maxEvents);
}
