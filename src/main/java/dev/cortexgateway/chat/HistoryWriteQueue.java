package dev.cortexgateway.chat;

import dev.cortexgateway.store.HistoryStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * History writes that survive a short database outage: a write that fails with a
 * {@link DataAccessException} waits here, in order, and a background task tries again with
 * exponential backoff. While anything waits, new writes queue behind it, so history keeps the
 * order the answers finished in. A retry after an ambiguous failure (the insert may have committed)
 * writes nothing twice: the store claims insert-if-absent and skips message ids the session holds.
 *
 * <p>The queue is bounded in messages ({@code gateway.chat.history-writes.queue-capacity}); when it
 * is full the oldest writes go, with an ERROR log and {@code gateway_history_writes_dropped_total}.
 */
@Component
public final class HistoryWriteQueue implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryWriteQueue.class);

    /**
     * One finished turn to store.
     *
     * @param ownerConfirmed true when the database confirmed {@code owner} as the session's
     *                       owner; otherwise (a claim made while the database was down) the session
     *                       is claimed first and the write refused if another client owns it
     */
    record Write(UUID sessionId, String owner, boolean ownerConfirmed, List<HistoryStore.Message> messages) {
    }

    private final HistoryStore store;
    private final HistoryWriteProperties properties;
    private final Deque<Write> pending = new ArrayDeque<>();
    /** One retry pass at a time (the background task, or the shutdown flush). */
    private final ReentrantLock passes = new ReentrantLock();
    private final Counter retries;
    private final Counter dropped;
    private final ScheduledExecutorService retrier = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "history-write-retry");
        thread.setDaemon(true);
        return thread;
    });
    /** Told the session of each queued write that reached the database (cached pages are stale). */
    private volatile Consumer<UUID> stored = sessionId -> { };
    /** Messages in {@link #pending}, guarded by this. */
    private int queuedMessages;
    /** Guarded by this: a retry pass is scheduled or running. */
    private boolean retrying;
    private Duration backoff;

    public HistoryWriteQueue(HistoryStore store, HistoryWriteProperties properties, MeterRegistry meters) {
        this.store = store;
        this.properties = properties;
        this.backoff = properties.initialBackoff();
        Gauge.builder("gateway.history.write.queue", this, HistoryWriteQueue::queued)
                .description("history messages waiting for the database").register(meters);
        this.retries = Counter.builder("gateway.history.write.retries")
                .description("history writes tried again after a database failure").register(meters);
        this.dropped = Counter.builder("gateway.history.writes.dropped")
                .description("history messages lost: the write queue was full, or the session belongs to another client")
                .register(meters);
    }

    /**
     * Stores {@code write} now, or queues it when the database fails (or earlier writes still wait).
     *
     * @throws RuntimeException other than {@link DataAccessException}: a write the database refused
     *                          for a reason retrying will not change
     */
    void write(Write write) {
        synchronized (this) {
            if (!pending.isEmpty()) {
                enqueue(write);
                return;
            }
        }
        try {
            store(write);
        } catch (DataAccessException databaseDown) {
            LOG.warn("History write failed ({}); queued for retry", databaseDown.getClass().getSimpleName());
            synchronized (this) {
                enqueue(write);
            }
        }
    }

    /** {@code listener} hears the session of every queued write once it is stored. */
    void whenQueuedWriteStored(Consumer<UUID> listener) {
        this.stored = listener;
    }

    /** History messages waiting for the database. */
    public synchronized int queued() {
        return queuedMessages;
    }

    /**
     * Shutdown: writes what waits, for at most {@code gateway.chat.history-writes.flush-timeout}.
     *
     * @return messages still unwritten (lost with this instance)
     */
    public int flush() throws InterruptedException {
        long deadline = System.nanoTime() + properties.flushTimeout().toNanos();
        while (queued() > 0 && System.nanoTime() < deadline) {
            if (!retryPass()) {
                Thread.sleep(Math.min(properties.initialBackoff().toMillis(),
                        Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
        }
        int lost = queued();
        if (lost > 0) {
            LOG.error("Shutdown: {} history messages could not be written and are lost", lost);
        }
        return lost;
    }

    private void store(Write write) {
        if (!write.ownerConfirmed() && !store.claim(write.sessionId(), write.owner())) {
            throw new IllegalStateException("history session belongs to another client");
        }
        store.append(write.sessionId(), write.messages());
    }

    /** Caller holds the lock. */
    private void enqueue(Write write) {
        pending.addLast(write);
        queuedMessages += write.messages().size();
        int lost = 0;
        while (queuedMessages > properties.queueCapacity() && pending.size() > 1) {
            Write oldest = pending.removeFirst();
            queuedMessages -= oldest.messages().size();
            lost += oldest.messages().size();
        }
        if (lost > 0) {
            dropped.increment(lost);
            LOG.error("History write queue is full ({} messages): dropped the {} oldest", properties.queueCapacity(), lost);
        }
        if (!retrying) {
            retrying = true;
            retrier.schedule(this::retryLater, backoff.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void retryLater() {
        boolean drained;
        try {
            drained = retryPass();
        } catch (RuntimeException unexpected) {
            // an exception escaping a scheduled task would end the retries for good
            LOG.error("History write retry failed: {}", unexpected.getClass().getName());
            drained = false;
        }
        synchronized (this) {
            if (drained || pending.isEmpty()) {
                retrying = false;
                backoff = properties.initialBackoff();
                return;
            }
            backoff = min(backoff.multipliedBy(2), properties.maxBackoff());
            retrier.schedule(this::retryLater, backoff.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Writes the queue from the oldest on until it is empty or the database fails again. The
     * database is called outside the queue's lock, so new writes queue up meanwhile without waiting.
     *
     * @return true when the queue is empty
     */
    private boolean retryPass() {
        passes.lock();
        try {
            int written = 0;
            while (true) {
                Write oldest;
                synchronized (this) {
                    oldest = pending.peekFirst();
                }
                if (oldest == null) {
                    if (written > 0) {
                        LOG.info("History write queue drained ({} writes): the database is back", written);
                    }
                    return true;
                }
                retries.increment();
                try {
                    store(oldest);
                    written++;
                    stored.accept(oldest.sessionId());
                } catch (DataAccessException stillDown) {
                    return false;
                } catch (RuntimeException refused) {
                    // another client owns the session (claimed while this one could not check): not ours to write
                    dropped.increment(oldest.messages().size());
                    LOG.error("Queued history write refused ({}); {} messages dropped", refused.getMessage(),
                            oldest.messages().size());
                }
                synchronized (this) {
                    // unless drop-oldest took it meanwhile
                    if (pending.peekFirst() == oldest) {
                        pending.removeFirst();
                        queuedMessages -= oldest.messages().size();
                    }
                }
            }
        } finally {
            passes.unlock();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void destroy() {
        retrier.shutdownNow();
    }
}
