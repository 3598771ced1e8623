package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.store.JobStore.Created;
import dev.cortexgateway.store.JobStore.Job;
import dev.cortexgateway.store.JobStore.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcJobStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private H2TestDatabase database;
    private ManualTime time;
    private JdbcJobStore store;

    @BeforeEach
    void setUp() {
        database = H2TestDatabase.migrated();
        time = new ManualTime(T0);
        store = new JdbcJobStore(database.store(), time);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aNewJobIsQueued() {
        Created created = store.create("cache-warm", "admin", null);

        assertThat(created.created()).isTrue();
        Job job = created.job();
        assertThat(job.state()).isEqualTo(State.QUEUED);
        assertThat(job.kind()).isEqualTo("cache-warm");
        assertThat(job.owner()).isEqualTo("admin");
        assertThat(job.createdAt()).isEqualTo(T0);
        assertThat(store.get(job.id())).contains(job);
    }

    @Test
    void startingAJobRecordsWhenAndFinishingOneKeepsItsCpuTime() {
        Job job = store.create("tool:sql_exec", "svc-a", null).job();
        assertThat(job.startedAt()).isNull();
        time.advance(Duration.ofSeconds(2));

        store.transition(job.id(), State.QUEUED, State.RUNNING, null, null);
        assertThat(store.get(job.id()).orElseThrow().startedAt()).isEqualTo(T0.plusSeconds(2));
        time.advance(Duration.ofSeconds(3));
        store.transition(job.id(), State.RUNNING, State.SUCCEEDED, "{}", null, 1234L);

        Job done = store.get(job.id()).orElseThrow();
        assertThat(done.startedAt()).as("finishing keeps the start").isEqualTo(T0.plusSeconds(2));
        assertThat(done.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(done.cpuTimeMicros()).isEqualTo(1234L);
    }

    @Test
    void aJobCancelledWhileQueuedNeverStarted() {
        Job job = store.create("tool:sql_exec", "svc-a", null).job();

        Job cancelled = store.cancel(job.id()).orElseThrow();

        assertThat(cancelled.startedAt()).isNull();
        assertThat(cancelled.cpuTimeMicros()).isNull();
    }

    @Test
    void jobsWithoutAKeyAreNeverMerged() {
        Created first = store.create("cache-warm", "admin", null);
        Created second = store.create("cache-warm", "admin", null);

        assertThat(second.created()).isTrue();
        assertThat(second.job().id()).isNotEqualTo(first.job().id());
    }

    @Test
    void theSameKeyFromTheSameOwnerReturnsTheFirstJob() {
        Created first = store.create("tool-execution", "svc-a", "key-1");
        store.transition(first.job().id(), State.QUEUED, State.RUNNING, null, null);

        Created again = store.create("tool-execution", "svc-a", "key-1");

        assertThat(again.created()).isFalse();
        assertThat(again.job().id()).isEqualTo(first.job().id());
        assertThat(again.job().state()).isEqualTo(State.RUNNING);
    }

    @Test
    void aKeyHoldsForItsTtlThenCreatesANewJob() {
        Created first = store.create("tool:sql_exec", "svc-a", "key-ttl", Duration.ofHours(24));
        time.advance(Duration.ofHours(23));
        assertThat(store.create("tool:sql_exec", "svc-a", "key-ttl", Duration.ofHours(24)).job().id())
                .isEqualTo(first.job().id());

        time.advance(Duration.ofHours(2));
        Created later = store.create("tool:sql_exec", "svc-a", "key-ttl", Duration.ofHours(24));

        assertThat(later.created()).isTrue();
        assertThat(later.job().id()).isNotEqualTo(first.job().id());
        assertThat(store.get(first.job().id())).get().extracting(Job::idempotencyKey).isNull();
        assertThat(store.create("tool:sql_exec", "svc-a", "key-ttl", Duration.ofHours(24)).job().id())
                .isEqualTo(later.job().id());
    }

    @Test
    void anotherOwnersKeyIsItsOwn() {
        Created a = store.create("tool-execution", "svc-a", "key-1");
        Created b = store.create("tool-execution", "svc-b", "key-1");

        assertThat(b.created()).isTrue();
        assertThat(b.job().id()).isNotEqualTo(a.job().id());
    }

    @Test
    void concurrentCreatesWithOneKeyMakeOneJob() throws Exception {
        List<Created> results = race(8, () -> store.create("tool-execution", "svc-a", "key-race"));

        assertThat(results).filteredOn(Created::created).hasSize(1);
        assertThat(results).extracting(created -> created.job().id()).containsOnly(results.get(0).job().id());
    }

    @Test
    void aTransitionAppliesOnlyFromTheExpectedState() {
        String id = store.create("cache-warm", "admin", null).job().id();
        time.advance(Duration.ofSeconds(5));

        assertThat(store.transition(id, State.QUEUED, State.RUNNING, null, null)).isTrue();
        assertThat(store.transition(id, State.QUEUED, State.RUNNING, null, null)).isFalse();
        assertThat(store.transition(id, State.RUNNING, State.SUCCEEDED, "{\"warmed\":3}", null)).isTrue();

        Job done = store.get(id).orElseThrow();
        assertThat(done.state()).isEqualTo(State.SUCCEEDED);
        assertThat(done.result()).isEqualTo("{\"warmed\":3}");
        assertThat(done.error()).isNull();
        assertThat(done.updatedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aFinishedJobNeverChangesAgain() {
        String id = store.create("cache-warm", "admin", null).job().id();
        store.transition(id, State.QUEUED, State.RUNNING, null, null);
        store.transition(id, State.RUNNING, State.FAILED, null, "{\"code\":\"UPSTREAM_ERROR\"}");
        Job failed = store.get(id).orElseThrow();
        time.advance(Duration.ofMinutes(1));

        assertThat(store.transition(id, State.RUNNING, State.SUCCEEDED, "{}", null)).isFalse();
        assertThat(store.cancel(id)).contains(failed);
        assertThatThrownBy(() -> store.transition(id, State.FAILED, State.RUNNING, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get(id)).contains(failed);
    }

    @Test
    void movesJobsDoNotMakeAreRefused() {
        String id = store.create("cache-warm", "admin", null).job().id();

        assertThatThrownBy(() -> store.transition(id, State.QUEUED, State.SUCCEEDED, "{}", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.transition(id, State.CANCELLED, State.QUEUED, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get(id).orElseThrow().state()).isEqualTo(State.QUEUED);
    }

    @Test
    void cancelIsIdempotent() {
        String id = store.create("cache-warm", "admin", null).job().id();
        time.advance(Duration.ofSeconds(1));

        Job cancelled = store.cancel(id).orElseThrow();
        time.advance(Duration.ofSeconds(1));

        assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
        assertThat(cancelled.updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.cancel(id)).contains(cancelled);
        assertThat(store.transition(id, State.QUEUED, State.RUNNING, null, null)).isFalse();
    }

    @Test
    void unknownJobsAreReportedAsSuch() {
        assertThat(store.get("no-such-job")).isEmpty();
        assertThat(store.cancel("no-such-job")).isEmpty();
        assertThat(store.transition("no-such-job", State.QUEUED, State.RUNNING, null, null)).isFalse();
    }

    @Test
    void whenSeveralFinishARunningJobExactlyOneWins() throws Exception {
        List<State> endings = List.of(State.SUCCEEDED, State.FAILED, State.CANCELLED);
        for (int round = 0; round < 10; round++) {
            String id = store.create("tool-execution", "svc-a", null).job().id();
            store.transition(id, State.QUEUED, State.RUNNING, null, null);
            AtomicInteger turn = new AtomicInteger();

            List<State> outcomes = race(6, () -> {
                State ending = endings.get(turn.getAndIncrement() % endings.size());
                return store.transition(id, State.RUNNING, ending, null, null) ? ending : null;
            });

            List<State> winners = outcomes.stream().filter(Objects::nonNull).toList();
            assertThat(winners).hasSize(1);
            assertThat(store.get(id).orElseThrow().state()).isEqualTo(winners.get(0));
        }
    }

    @Test
    void cancelRacingCompletionLeavesWhicheverCameFirst() throws Exception {
        for (int round = 0; round < 10; round++) {
            String id = store.create("tool-execution", "svc-a", null).job().id();
            store.transition(id, State.QUEUED, State.RUNNING, null, null);
            AtomicInteger turn = new AtomicInteger();

            List<State> seen = race(2, () -> turn.getAndIncrement() == 0
                    ? (store.transition(id, State.RUNNING, State.SUCCEEDED, "{}", null) ? State.SUCCEEDED : null)
                    : store.cancel(id).orElseThrow().state());

            State end = store.get(id).orElseThrow().state();
            assertThat(end).isIn(State.SUCCEEDED, State.CANCELLED);
            // the canceller reports the state it left, and completion only claims success when it won
            assertThat(seen).filteredOn(Objects::nonNull).containsOnly(end);
        }
    }

    /** Runs {@code n} copies of the task released at once and returns every result. */
    private static <T> List<T> race(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
