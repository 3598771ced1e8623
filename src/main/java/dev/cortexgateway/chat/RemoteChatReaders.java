package dev.cortexgateway.chat;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.store.ReplayLogStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Readers of streams whose run lives on another instance (a client resumed on this one). Nothing
 * here is told when the run writes, so each follower polls the shared log every poll interval: one
 * shared scheduler ticks them all, and a tick only hands a drain to the reader executor, so no
 * thread waits per reader. A follower renews the stream's reader lease (the owning instance then
 * keeps the run past its grace period) and ends with {@code UPSTREAM_TIMEOUT} when the log does not
 * grow for the inactivity timeout without completing: the owning instance has stopped.
 */
final class RemoteChatReaders {

    private final ReplayLogStore log;
    private final Executor readerExecutor;
    private final ScheduledExecutorService ticker;
    private final long pollMillis;
    private final Duration lease;
    private final Duration inactivity;

    RemoteChatReaders(ReplayLogStore log, Executor readerExecutor, ScheduledExecutorService ticker,
                      Duration pollInterval, Duration lease, Duration inactivity) {
        this.log = log;
        this.readerExecutor = readerExecutor;
        this.ticker = ticker;
        this.pollMillis = pollInterval.toMillis();
        this.lease = lease;
        this.inactivity = inactivity;
    }

    /** Tells the owning instance that a client reads the stream here (before the response opens). */
    void announce(String streamId) {
        log.readerSeen(streamId, lease);
    }

    /** Serves {@code reader} from the shared log until the stream completes, the client leaves, or the run goes silent. */
    void follow(ChatReader reader) {
        Follower follower = new Follower(reader);
        follower.tick = ticker.scheduleWithFixedDelay(follower::tick, 0, pollMillis, TimeUnit.MILLISECONDS);
        reader.stream().onClose(follower::stop);
    }

    private final class Follower {

        private final ChatReader reader;
        private final AtomicBoolean draining = new AtomicBoolean();
        private volatile ScheduledFuture<?> tick;
        private long lastSeen;
        private long grewAtNanos = System.nanoTime();
        private long leaseRenewedNanos = System.nanoTime();

        Follower(ChatReader reader) {
            this.reader = reader;
            this.lastSeen = reader.lastSent();
        }

        void tick() {
            if (!reader.stream().isOpen()) {
                stop();
                return;
            }
            // a slow store or client delays this follower's next drain, never stacks them
            if (draining.compareAndSet(false, true)) {
                readerExecutor.execute(this::step);
            }
        }

        private void step() {
            try {
                renewLeaseIfDue();
                reader.drain();
                long now = System.nanoTime();
                if (reader.lastSent() != lastSeen) {
                    lastSeen = reader.lastSent();
                    grewAtNanos = now;
                } else if (now - grewAtNanos >= inactivity.toNanos() && reader.stream().isOpen()) {
                    reader.fail(new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "The chat run sent nothing for "
                            + inactivity.toSeconds() + " s", "Retry later.",
                            Map.of("inactivitySeconds", inactivity.toMillis() / 1000.0)));
                }
                if (!reader.stream().isOpen()) {
                    stop();
                }
            } finally {
                draining.set(false);
            }
        }

        private void renewLeaseIfDue() {
            long now = System.nanoTime();
            if (now - leaseRenewedNanos < lease.toNanos() / 3) {
                return;
            }
            leaseRenewedNanos = now;
            try {
                log.readerSeen(reader.streamId(), lease);
            } catch (RuntimeException storeDown) {
                // the drain that follows reads the same store and reports the outage to the client
            }
        }

        void stop() {
            ScheduledFuture<?> scheduled = tick;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
