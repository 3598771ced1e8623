package dev.cortexgateway.usage;

import dev.cortexgateway.store.UsageRecord;
import dev.cortexgateway.store.UsageStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes usage records off the request path: requests hand their records over and go on, one thread
 * writes what queued up every {@code gateway.usage.flush-interval}, in batches. A batch the database refuses is kept and tried again (the oldest records go
 * once more than {@code gateway.usage.queue-capacity} wait). On a clean shutdown this stops after
 * the drain and the web server's graceful shutdown, so the records of every request that finished
 * are written before the database closes.
 */
@Component
public final class UsageWriter implements SmartLifecycle {

    public static final String DROPPED = "gateway.usage.records.dropped";
    private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);
    private static final int BATCH = 500;
    private static final long INITIAL_BACKOFF_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 2000;
    private static final long JOIN_MARGIN_MILLIS = 1000;

    private final UsageStore store;
    private final UsageProperties properties;
    private final Counter dropped;
    private final BlockingDeque<UsageRecord> queue = new LinkedBlockingDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile Thread worker;

    public UsageWriter(UsageStore store, UsageProperties properties, MeterRegistry meters) {
        this.store = store;
        this.properties = properties;
        this.dropped = Counter.builder(DROPPED).description("usage records dropped because too many waited to be written")
                .register(meters);
    }

    /** Queues {@code records} for writing; never blocks, never throws. */
    public void submit(List<UsageRecord> records) {
        for (UsageRecord record : records) {
            while (queue.size() >= properties.queueCapacity() && queue.pollFirst() != null) {
                dropped.increment();
            }
            queue.offerLast(record);
        }
    }

    /** Records waiting to be written. */
    public int pending() {
        return queue.size();
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::writeUntilStopped, "usage-writer");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    /** Every flush interval, writes what has queued up since; on stop, what is left (bounded). */
    private void writeUntilStopped() {
        long backoff = INITIAL_BACKOFF_MILLIS;
        boolean stopping = false;
        while (!stopping) {
            try {
                stopping = stopped.await(properties.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException interrupted) {
                stopping = true;
            }
            if (stopping) {
                break;
            }
            try {
                writeQueued();
                backoff = INITIAL_BACKOFF_MILLIS;
            } catch (RuntimeException databaseDown) {
                LOG.warn("Usage records not written, {} waiting ({}); trying again", queue.size(),
                        databaseDown.getClass().getSimpleName());
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
        long deadline = System.nanoTime() + properties.flushTimeout().toNanos();
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            try {
                writeQueued();
            } catch (RuntimeException databaseDown) {
                sleep(INITIAL_BACKOFF_MILLIS);
            }
        }
        if (!queue.isEmpty()) {
            LOG.warn("Shutdown: {} usage records could not be written", queue.size());
        }
    }

    /** Writes the queue in batches; a batch the database refuses goes back to the front and ends the pass. */
    private void writeQueued() {
        while (!queue.isEmpty()) {
            List<UsageRecord> batch = new ArrayList<>();
            queue.drainTo(batch, BATCH);
            try {
                store.saveAll(batch);
            } catch (RuntimeException databaseDown) {
                requeue(batch);
                throw databaseDown;
            }
        }
    }

    /** Back at the front, in their order, so records are written oldest first. */
    private void requeue(List<UsageRecord> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            queue.offerFirst(batch.get(i));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells the writer to write what is left and waits for it, for at most the flush timeout (and a margin). */
    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        stopped.countDown();
        Thread thread = worker;
        try {
            if (thread != null) {
                thread.join(properties.flushTimeout().toMillis() + JOIN_MARGIN_MILLIS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops late: after the graceful drain ({@code DEFAULT_PHASE}), the web server's graceful shutdown
     * ({@code DEFAULT_PHASE - 1024}) and the web server itself ({@code DEFAULT_PHASE - 2048}), so the
     * requests those let finish have handed their records over.
     */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 4096;
    }
}
