package dev.cortexgateway.jobs;

import io.opentelemetry.context.Context;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads one kind of work runs on (tool executions, cache warm-ups), made by {@link JobRunner#pool}.
 * A bounded pool refuses work when its queue is full (the caller answers 429); a prioritized one
 * queues without bound and starts the highest priority first, then first come first served.
 *
 * <p>Not a Spring bean on purpose: an {@code Executor} bean makes Spring Boot drop the request
 * executor platform-http runs on.
 */
public final class JobPool {

    private final ThreadPoolExecutor executor;
    private final AtomicLong sequence = new AtomicLong();

    private JobPool(ThreadPoolExecutor executor) {
        this.executor = executor;
        this.executor.allowCoreThreadTimeOut(true);
    }

    static JobPool bounded(String name, int threads, int queued) {
        BlockingQueue<Runnable> queue = queued == 0 ? new SynchronousQueue<>() : new LinkedBlockingQueue<>(queued);
        return new JobPool(new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, queue, daemons(name)));
    }

    static JobPool prioritized(String name, int threads) {
        return new JobPool(new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new PriorityBlockingQueue<>(),
                daemons(name)));
    }

    /** @throws java.util.concurrent.RejectedExecutionException when a bounded pool's queue is full */
    Task<Void> execute(int priority, Runnable work) {
        // the job's spans continue the request's trace (tracing/), as a synchronous call's do
        Task<Void> task = new Task<>(priority, sequence.incrementAndGet(), Executors.callable(Context.current().wrap(work), null));
        executor.execute(task);
        return task;
    }

    /**
     * Runs work that is no job (answered at once, nothing recorded) on the same threads, so it counts
     * against the same limit.
     *
     * @throws java.util.concurrent.RejectedExecutionException when a bounded pool's queue is full
     */
    public <T> Future<T> submit(Callable<T> work) {
        Task<T> task = new Task<>(Integer.MAX_VALUE, sequence.incrementAndGet(), Context.current().wrap(work));
        executor.execute(task);
        return task;
    }

    void shutdownNow() {
        executor.shutdownNow();
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Queued work: higher priority first, then first come first served (only a prioritized pool
     * compares). Cancelling it with interruption never starts it, or interrupts the thread running it
     * (FutureTask makes sure the interrupt cannot reach the pool's next task).
     */
    static final class Task<T> extends FutureTask<T> implements Comparable<Task<?>> {

        private final int priority;
        private final long sequence;

        private Task(int priority, long sequence, Callable<T> work) {
            super(work);
            this.priority = priority;
            this.sequence = sequence;
        }

        @Override
        public int compareTo(Task<?> other) {
            return priority != other.priority ? Integer.compare(other.priority, priority) : Long.compare(sequence, other.sequence);
        }
    }
}
