package dev.cortexgateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.store.JobStore;
import dev.cortexgateway.store.JobStore.State;
import dev.cortexgateway.support.CancelScope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one job runner on its own: record, launch, the sync wait, stop, cancels from elsewhere, a full pool. */
class JobRunnerTest {

    private final MemoryJobStore store = new MemoryJobStore();
    private final JobRunner runner = new JobRunner(store);

    @AfterEach
    void tearDown() {
        runner.destroy();
    }

    @Test
    void aRepeatedIdempotencyKeyFindsTheFirstJob() {
        JobStore.Created first = runner.record("test", "owner-a", "key-1", Duration.ofHours(1));
        JobStore.Created again = runner.record("test", "owner-a", "key-1", Duration.ofHours(1));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.job().id()).isEqualTo(first.job().id());
    }

    @Test
    void aLaunchedJobRunsWithItsScopeAndEndsSucceededWithinTheSyncBudget() {
        JobPool pool = runner.pool("test", 1, 1);
        String id = runner.record("test", "owner-a", null, null).job().id();
        List<CancelScope> seen = new CopyOnWriteArrayList<>();

        runner.launch(pool, id, 0, job -> {
            seen.add(CancelScope.current());
            job.progress(Map.of("done", 1, "total", 1));
            job.succeed("{\"ok\":true}", 7L);
        }, null, "{}");

        assertThat(runner.await(id, Duration.ofSeconds(5))).isTrue();
        JobStore.Job job = store.get(id).orElseThrow();
        assertThat(job.state()).isEqualTo(State.SUCCEEDED);
        assertThat(job.result()).isEqualTo("{\"ok\":true}");
        assertThat(job.cpuTimeMicros()).isEqualTo(7L);
        assertThat(job.startedAt()).isNotNull();
        assertThat(seen).hasSize(1).allSatisfy(scope -> assertThat(scope.cancelled()).isFalse());
        assertThat(runner.progress(id)).contains(Map.of("done", 1, "total", 1));
    }

    @Test
    void pastTheSyncBudgetTheJobIsStillRunningAndAStopPressesItsButton() throws InterruptedException {
        JobPool pool = runner.pool("test", 1, 0);
        String id = runner.record("test", "owner-a", null, null).job().id();
        CountDownLatch stopped = new CountDownLatch(1);

        runner.launch(pool, id, 0, job -> {
            job.scope().onCancel(stopped::countDown);
            awaitQuietly(stopped);
        }, null, "{}");

        assertThat(runner.await(id, Duration.ofMillis(100))).isFalse();
        assertThat(store.cancel(id).orElseThrow().state()).isEqualTo(State.CANCELLED);
        assertThat(runner.stop(id)).isTrue();
        assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.await(id, Duration.ofSeconds(5))).isTrue();
        assertThat(runner.stop(id)).as("nothing of it runs here any more").isFalse();
        assertThat(store.get(id).orElseThrow().state()).isEqualTo(State.CANCELLED);
    }

    @Test
    void aCancelThroughAnotherInstanceIsSeenByThePoll() throws InterruptedException {
        JobPool pool = runner.pool("test", 1, 0);
        String id = runner.record("test", "owner-a", null, null).job().id();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);

        runner.launch(pool, id, 0, job -> {
            job.scope().onCancel(stopped::countDown);
            started.countDown();
            awaitQuietly(stopped);
        }, null, "{}");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        store.cancel(id); // straight in the store, as another instance's cancel is

        assertThat(stopped.await(5, TimeUnit.SECONDS)).as("stopped by the poll").isTrue();
    }

    @Test
    void aJobCancelledWhileQueuedNeverStarts() throws InterruptedException {
        JobPool pool = runner.pool("test", 1, 1);
        String busy = runner.record("test", "owner-a", null, null).job().id();
        String waiting = runner.record("test", "owner-a", null, null).job().id();
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        runner.launch(pool, busy, 0, job -> awaitQuietly(release), null, "{}");
        runner.launch(pool, waiting, 0, job -> ran.add(job.jobId()), null, "{}");

        store.cancel(waiting);
        release.countDown();

        assertThat(runner.await(waiting, Duration.ofSeconds(5))).isTrue();
        assertThat(ran).isEmpty();
        assertThat(store.get(waiting).orElseThrow().state()).isEqualTo(State.CANCELLED);
    }

    @Test
    void aFullPoolRefusesAndFailsTheJobWithTheRefusal() {
        JobPool pool = runner.pool("test", 1, 0);
        CountDownLatch release = new CountDownLatch(1);
        String busy = runner.record("test", "owner-a", null, null).job().id();
        runner.launch(pool, busy, 0, job -> awaitQuietly(release), null, "{}");
        String refused = runner.record("test", "owner-a", null, null).job().id();

        try {
            assertThatThrownBy(() -> runner.launch(pool, refused, 0, job -> { }, "{\"code\":\"BUSY\"}", "{}"))
                    .isInstanceOf(RejectedExecutionException.class);
            JobStore.Job job = store.get(refused).orElseThrow();
            assertThat(job.state()).isEqualTo(State.FAILED);
            assertThat(job.error()).isEqualTo("{\"code\":\"BUSY\"}");
            assertThat(runner.await(refused, Duration.ZERO)).isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void workThatThrowsFailsItsJobWithTheUnexpectedError() {
        JobPool pool = runner.pool("test", 1, 1);
        String id = runner.record("test", "owner-a", null, null).job().id();

        runner.launch(pool, id, 0, job -> {
            throw new IllegalStateException("boom");
        }, null, "{\"code\":\"INTERNAL_SERVER_ERROR\"}");

        assertThat(runner.await(id, Duration.ofSeconds(5))).isTrue();
        assertThat(store.get(id).orElseThrow().error()).isEqualTo("{\"code\":\"INTERNAL_SERVER_ERROR\"}");
    }

    @Test
    void aPrioritizedPoolStartsTheHighestPriorityFirst() {
        JobPool pool = runner.prioritizedPool("test", 1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        String first = runner.record("test", "o", null, null).job().id();
        runner.launch(pool, first, 0, job -> awaitQuietly(release), null, "{}");
        String low = runner.record("test", "o", null, null).job().id();
        String high = runner.record("test", "o", null, null).job().id();
        runner.launch(pool, low, 0, job -> order.add("low"), null, "{}");
        runner.launch(pool, high, 2, job -> order.add("high"), null, "{}");

        release.countDown();

        assertThat(runner.await(low, Duration.ofSeconds(5))).isTrue();
        assertThat(order).containsExactly("high", "low");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
