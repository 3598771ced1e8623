package dev.cortexgateway.jobs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cortexgateway.store.JobStore;
import dev.cortexgateway.support.CancelScope;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one runner of long work that clients poll and cancel (tool executions, cache warm-ups). It
 * records the job (a repeated idempotency key finds the first one), queues its work on the kind's
 * {@link JobPool}, moves it queued -> running -> its end, keeps the stop button ({@link CancelScope})
 * of every job running here, lets a sync caller wait up to its budget, and keeps how far each job got.
 *
 * <p>Cancels go through the job store (compare-and-set), so any instance can cancel any job: the
 * instance running it stops it at once when the cancel reached it, otherwise within
 * {@value #CANCEL_POLL_MILLIS} ms, when its poll of the running jobs' state sees it.
 */
@Component
public final class JobRunner implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    static final long CANCEL_POLL_MILLIS = 500;

    private final JobStore store;
    private final List<JobPool> pools = new CopyOnWriteArrayList<>();
    /** Job id -> the job launched here, until its work ended. */
    private final Map<String, Launched> launched = new ConcurrentHashMap<>();
    /** Job id -> how far a job that ran here got (kept a while after it ends, for status reads). */
    private final Cache<String, Map<String, Object>> progress = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).executor(Runnable::run).build();
    private final ScheduledThreadPoolExecutor poller;

    public JobRunner(JobStore store) {
        this.store = store;
        this.poller = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "job-cancel-poll");
            thread.setDaemon(true);
            return thread;
        });
        this.poller.scheduleWithFixedDelay(this::pollCancels, CANCEL_POLL_MILLIS, CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A pool of {@code threads} that refuses work past {@code queued} waiting (0: none wait). */
    public JobPool pool(String name, int threads, int queued) {
        return register(JobPool.bounded(name, threads, queued));
    }

    /** A pool of {@code threads} whose waiting work starts highest priority first. */
    public JobPool prioritizedPool(String name, int threads) {
        return register(JobPool.prioritized(name, threads));
    }

    /**
     * Records a queued job. With an idempotency key, a second call by the same owner within
     * {@code keyTtl} creates nothing and returns the first job ({@code created()} false): answer it
     * as it is, with {@code X-Idempotent-Replay}.
     */
    public JobStore.Created record(String kind, String owner, String idempotencyKey, Duration keyTtl) {
        return store.create(kind, owner, idempotencyKey, keyTtl);
    }

    public Optional<JobStore.Job> get(String jobId) {
        return store.get(jobId);
    }

    /**
     * Queues the work of a recorded job. On a pool thread the job moves to running (a job cancelled
     * while it waited never starts) and its work runs with its stop button as the thread's
     * {@link CancelScope#current()}; work that throws fails the job with {@code unexpectedError}.
     *
     * @throws RejectedExecutionException when the pool is full; the job is
     *         failed with {@code refusedError} first
     */
    public void launch(JobPool pool, String jobId, int priority, JobWork work, String refusedError,
                       String unexpectedError) {
        Launched job = new Launched(new CancelScope());
        launched.put(jobId, job);
        try {
            job.task = pool.execute(priority, () -> run(jobId, job, work, unexpectedError));
        } catch (RejectedExecutionException full) {
            launched.remove(jobId);
            job.ended.countDown();
            store.transition(jobId, JobStore.State.QUEUED, JobStore.State.FAILED, null, refusedError);
            throw full;
        }
    }

    private void run(String jobId, Launched job, JobWork work, String unexpectedError) {
        try {
            if (!store.transition(jobId, JobStore.State.QUEUED, JobStore.State.RUNNING, null, null)) {
                return; // cancelled while it waited
            }
            job.scope.run(() -> {
                work.run(new JobContext(jobId, job.scope, this));
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("job {} failed unexpectedly: {}", jobId, e.getClass().getName());
            end(jobId, JobStore.State.FAILED, null, unexpectedError, null);
        } finally {
            launched.remove(jobId, job);
            job.ended.countDown();
        }
    }

    /**
     * Waits up to {@code budget} for the work of a job launched here to end: the sync budget, after
     * which the caller answers 202 (or gives up on the work). True when it ended (or does not run here).
     */
    public boolean await(String jobId, Duration budget) {
        Launched job = launched.get(jobId);
        if (job == null) {
            return true;
        }
        try {
            return job.ended.await(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Presses the stop button of a job running here; true when it runs here. */
    public boolean stop(String jobId) {
        Launched job = launched.get(jobId);
        if (job == null) {
            return false;
        }
        job.scope.cancel();
        return true;
    }

    /** For work that ignored its stop button past its deadline: stops it, and interrupts its thread. */
    public void abandon(String jobId) {
        Launched job = launched.get(jobId);
        if (job != null) {
            job.scope.cancel();
            if (job.task != null) {
                job.task.cancel(true);
            }
        }
    }

    /** Ends a job that has not ended yet (queued or running); false when it already had (e.g. cancelled). */
    public boolean end(String jobId, JobStore.State to, String resultJson, String errorJson, Long cpuTimeMicros) {
        boolean stored = store.transition(jobId, JobStore.State.RUNNING, to, resultJson, errorJson, cpuTimeMicros)
                || to == JobStore.State.FAILED
                && store.transition(jobId, JobStore.State.QUEUED, to, resultJson, errorJson, cpuTimeMicros);
        if (!stored) {
            LOG.debug("job {} was cancelled before it finished; its outcome is dropped", jobId);
        }
        return stored;
    }

    /** How far the job got, while this instance knows it (it ran here, within the last hour). */
    public Optional<Map<String, Object>> progress(String jobId) {
        return Optional.ofNullable(progress.getIfPresent(jobId));
    }

    /** Keeps how far a job got (its work reports through {@link JobContext#progress}; its starter may set the first value). */
    public void report(String jobId, Map<String, Object> now) {
        progress.put(jobId, Collections.unmodifiableMap(new LinkedHashMap<>(now))); // keys keep their order in answers
    }

    /** A missing job counts as cancelled: there is nothing left to do it for. */
    boolean cancelledInStore(String jobId) {
        return store.get(jobId).map(job -> job.state() == JobStore.State.CANCELLED).orElse(true);
    }

    /** Stops local work whose job was cancelled through another instance. */
    private void pollCancels() {
        for (String jobId : List.copyOf(launched.keySet())) {
            try {
                store.get(jobId).filter(job -> job.state() == JobStore.State.CANCELLED).ifPresent(job -> stop(jobId));
            } catch (RuntimeException e) {
                LOG.warn("could not read the state of running job {}: {}", jobId, e.getClass().getName());
            }
        }
    }

    private JobPool register(JobPool pool) {
        pools.add(pool);
        return pool;
    }

    @Override
    public void destroy() {
        launched.values().forEach(job -> job.scope.cancel());
        poller.shutdownNow();
        pools.forEach(JobPool::shutdownNow);
    }

    /** A job launched here: its stop button, its queued task, and a latch its end opens. */
    private static final class Launched {

        final CancelScope scope;
        final CountDownLatch ended = new CountDownLatch(1);
        volatile JobPool.Task<Void> task;

        Launched(CancelScope scope) {
            this.scope = scope;
        }
    }
}
