package dev.cortexgateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.store.HistoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The write queue against a history store that can be switched off (an in-memory stand-in for the
 * database, so the bound and the order can be tested without timing an outage): writes wait in
 * order, the oldest go when the bound is passed (counted), the queue drains in order once the store
 * is back, a session another client owns is not written into, and a retried write stores nothing
 * twice.
 */
class HistoryWriteQueueTest {

    private final SwitchableStore store = new SwitchableStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HistoryWriteQueue queue = new HistoryWriteQueue(store,
            new HistoryWriteProperties(4, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(10)), meters);

    @Test
    void writesWaitInOrderTheOldestAreDroppedBeyondTheBoundAndTheRestLandOnce() throws Exception {
        UUID session = UUID.randomUUID();
        store.down = true;
        queue.write(turn(session, "client-a", "q1"));
        queue.write(turn(session, "client-a", "q2"));
        queue.write(turn(session, "client-a", "q3"));

        assertThat(queue.queued()).isEqualTo(4);
        assertThat(meters.get("gateway.history.writes.dropped").counter().count()).isEqualTo(2.0);
        assertThat(meters.get("gateway.history.write.queue").gauge().value()).isEqualTo(4.0);

        store.down = false;
        // a write while others wait queues behind them, even with the store back (and pushes q2 out)
        queue.write(turn(session, "client-a", "q4"));
        assertThat(store.contents(session)).isEmpty();
        assertThat(meters.get("gateway.history.writes.dropped").counter().count()).isEqualTo(4.0);
        assertThat(queue.flush()).isZero();

        assertThat(store.contents(session)).containsExactly("q3", "a-q3", "q4", "a-q4");
        // the flush wrote the two queued turns; background passes while the store was down may add more
        assertThat(meters.get("gateway.history.write.retries").counter().count()).isGreaterThanOrEqualTo(2.0);

        // the same turn again (a retry after an ambiguous failure) stores nothing new
        queue.write(turn(session, "client-a", "q4"));
        assertThat(store.contents(session)).hasSize(4);
    }

    @Test
    void aQueuedWriteForASessionAnotherClientOwnsIsDropped() throws Exception {
        UUID session = UUID.randomUUID();
        store.down = true;
        queue.write(turn(session, "client-a", "mine?"));
        store.down = false;
        store.claim(session, "client-b");

        assertThat(queue.flush()).isZero();

        assertThat(store.contents(session)).isEmpty();
        assertThat(meters.get("gateway.history.writes.dropped").counter().count()).isEqualTo(2.0);
    }

    private static HistoryWriteQueue.Write turn(UUID session, String owner, String question) {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        return new HistoryWriteQueue.Write(session, owner, false, List.of(
                new HistoryStore.Message("u-" + question, "user", question, now, null, null),
                new HistoryStore.Message("a-" + question, "assistant", "a-" + question, now, "[]", "[]")));
    }

    /** History in memory, with the same contract as the JDBC store; {@code down} makes every call fail. */
    private static final class SwitchableStore implements HistoryStore {
        volatile boolean down;
        private final Map<UUID, String> owners = new HashMap<>();
        private final Map<UUID, List<Message>> messages = new HashMap<>();

        synchronized List<String> contents(UUID session) {
            return messages.getOrDefault(session, List.of()).stream().map(Message::content).toList();
        }

        @Override
        public synchronized boolean claim(UUID sessionId, String clientId) {
            failIfDown();
            return owners.computeIfAbsent(sessionId, id -> clientId).equals(clientId);
        }

        @Override
        public synchronized Optional<String> owner(UUID sessionId) {
            failIfDown();
            return Optional.ofNullable(owners.get(sessionId));
        }

        @Override
        public synchronized int append(UUID sessionId, List<Message> newMessages) {
            failIfDown();
            if (!owners.containsKey(sessionId)) {
                throw new IllegalStateException("history session has not been claimed");
            }
            List<Message> stored = messages.computeIfAbsent(sessionId, id -> new ArrayList<>());
            int added = 0;
            for (Message message : newMessages) {
                if (stored.stream().noneMatch(m -> m.id().equals(message.id()))) {
                    stored.add(message);
                    added++;
                }
            }
            return added;
        }

        @Override
        public Page page(UUID sessionId, String cursor, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String kind() {
            return "history";
        }

        @Override
        public String backend() {
            return "test";
        }

        @Override
        public void ping() {
            failIfDown();
        }

        private void failIfDown() {
            if (down) {
                throw new DataAccessResourceFailureException("database down (test)");
            }
        }
    }
}
