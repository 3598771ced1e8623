package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.InProcessStoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The contract, plus what only memory does: TTL on a manual clock, a bounded number of logs. */
class InProcessReplayLogStoreTest extends ReplayLogStoreContract {

    private static final Duration TTL = Duration.ofMinutes(10);

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final InProcessReplayLogStore store = store(100, MAX_EVENTS);

    @Override
    protected ReplayLogStore store() {
        return store;
    }

    @Override
    protected ReplayLogStore storeKeeping(int maxEvents) {
        return store(100, maxEvents);
    }

    @Test
    void readerLeasesAreLocalOnly() {
        store.open("s1", OWNER);
        store.readerSeen("s1", Duration.ofMinutes(1));

        assertThat(store.hasReaders("s1")).isFalse();
    }

    @Test
    void aLogLivesUntilItsTtlAfterTheLastWrite() {
        store.open("s1", OWNER);
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
        store.open("s1", OWNER);
        time.advance(TTL.minusSeconds(1));
        store.readFrom("s1", 0);
        time.advance(Duration.ofSeconds(1));

        assertThat(store.readFrom("s1", 0)).isEmpty();
    }

    @Test
    void theNumberOfLogsIsBounded() {
        InProcessReplayLogStore small = store(3, 5);
        IntStream.range(0, 50).forEach(i -> small.open("s" + i, OWNER));

        long kept = IntStream.range(0, 50).filter(i -> small.readFrom("s" + i, 0).isPresent()).count();

        assertThat(kept).isLessThanOrEqualTo(3);
    }

    private InProcessReplayLogStore store(long maxStreams, int maxEventsPerStream) {
        return new InProcessReplayLogStore(new InProcessStoreProperties.Replay(maxStreams, maxEventsPerStream, TTL), time);
    }
}
