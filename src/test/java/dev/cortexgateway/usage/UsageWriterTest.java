package dev.cortexgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.store.UsageRecord;
import dev.cortexgateway.store.UsageStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The writer keeps what the database refused and writes it once it is back; it drops the oldest beyond its capacity. */
class UsageWriterTest {

    private final FlakyStore store = new FlakyStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void recordsRefusedWhileTheDatabaseIsDownAreWrittenInOrderOnceItIsBack() {
        UsageWriter writer = writer(100, Duration.ofMillis(10));
        store.down.set(true);
        writer.start();
        writer.submit(List.of(record("a"), record("b")));
        writer.submit(List.of(record("c")));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.refusals > 0);
        assertThat(writer.pending()).isEqualTo(3);

        store.down.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.pending() == 0);
        assertThat(store.saved).extracting(UsageRecord::requestId).containsExactly("a", "b", "c");
        writer.stop();
    }

    @Test
    void stopWritesWhatIsQueuedAndBeyondTheCapacityTheOldestGo() {
        UsageWriter writer = writer(2, Duration.ofHours(1));
        writer.start();
        writer.submit(List.of(record("a"), record("b"), record("c")));
        assertThat(writer.pending()).isEqualTo(2);

        writer.stop();
        assertThat(store.saved).extracting(UsageRecord::requestId).containsExactly("b", "c");
        assertThat(meters.counter(UsageWriter.DROPPED).count()).isEqualTo(1);
    }

    private UsageWriter writer(int capacity, Duration flushInterval) {
        UsageProperties properties = new UsageProperties(capacity, flushInterval, Duration.ofSeconds(5),
                new UsageProperties.Budgets(new UsageProperties.Budget(null, null), new UsageProperties.Budget(null, null),
                        java.util.Map.of()),
                new UsageProperties.TokensPerMinute(null, java.util.Map.of()));
        return new UsageWriter(store, properties, meters);
    }

    private static UsageRecord record(String requestId) {
        return new UsageRecord(requestId, Instant.parse("2026-12-07T10:00:00Z"), "c", null, "query", "m", 1, 2, 3, false, "ok");
    }

    private static final class FlakyStore implements UsageStore {
        final AtomicBoolean down = new AtomicBoolean();
        final List<UsageRecord> saved = new CopyOnWriteArrayList<>();
        volatile int refusals;

        @Override
        public void saveAll(List<UsageRecord> records) {
            if (down.get()) {
                refusals++;
                throw new IllegalStateException("database down");
            }
            saved.addAll(records);
        }

        @Override
        public Summary summarize(Filter filter, GroupBy groupBy, int maxGroups) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String kind() {
            return "usage";
        }

        @Override
        public String backend() {
            return "test";
        }

        @Override
        public void ping() {
        }
    }
}
