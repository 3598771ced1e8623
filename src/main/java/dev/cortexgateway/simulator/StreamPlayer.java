package dev.cortexgateway.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Plays simulator streams. Every stream is a chain of tasks on one shared scheduler: a task writes
 * one frame and schedules the next, so a slow or stalled stream holds no thread while it waits and
 * thousands can be open at once. Scenario cuts ({@code stall}, {@code drop}, {@code error}) are
 * applied here, by frame count.
 *
 * <p>A client that goes away is noticed by the failed write, or by the container's async error or
 * timeout; the stream's pending task is then cancelled and the run counted as cancelled. During a
 * {@code stall} nothing is written, so a client that leaves then is noticed when the stall ends.
 *
 * <p>The scheduler is deliberately not a Spring bean: an {@code Executor} bean would make Spring
 * Boot skip its {@code applicationTaskExecutor}, which the tracing decorator and Spring MVC's async support use.
 */
@Component
public final class StreamPlayer implements DisposableBean {

    static final MediaType EVENT_STREAM_UTF8 = new MediaType("text", "event-stream", StandardCharsets.UTF_8);
    private static final Logger LOG = LoggerFactory.getLogger(StreamPlayer.class);

    private final ScheduledThreadPoolExecutor scheduler;
    private final SimulatorRuns runs;
    private final long defaultDelayMillis;
    private final long timeoutMillis;

    public StreamPlayer(SimulatorProperties properties, SimulatorRuns runs) {
        this.runs = runs;
        this.defaultDelayMillis = properties.eventDelay().toMillis();
        this.timeoutMillis = properties.runTimeout().toMillis();
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(properties.schedulerThreads(), task -> {
            Thread thread = new Thread(task, "cortex-sim-stream-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // cancelled stalls must not sit in the queue until their (possibly hours-long) delay is over
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /** Starts playing {@code script}; return the emitter from the handler. */
    ResponseBodyEmitter play(StreamScript script, Scenario scenario) {
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(timeoutMillis);
        Playback playback = new Playback(emitter, script, scenario);
        emitter.onTimeout(playback::timedOut);
        emitter.onError(error -> playback.clientGone());
        emitter.onCompletion(playback::clientGone);
        runs.streamOpened();
        playback.start();
        return emitter;
    }

    /** Runs {@code task} after {@code delay} on the shared scheduler (a delayed JSON answer). */
    ScheduledFuture<?> later(Duration delay, Runnable task) {
        return scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Tasks waiting on the scheduler, for tests that check a cancelled stream left nothing behind. */
    int pendingTasks() {
        return scheduler.getQueue().size();
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }

    /** Thrown into the container to end a response without its terminal event ({@code drop}). */
    static final class DroppedByScenario extends IOException {
        DroppedByScenario() {
            super("connection dropped by the [[sim:drop]] scenario", null);
        }
    }

    private final class Playback implements Runnable {
        private final ResponseBodyEmitter emitter;
        private final StreamScript script;
        private final long delayMillis;
        private final Integer stallAt;
        private final long stallMillis;
        private final Integer dropAt;
        private final Integer errorAt;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile ScheduledFuture<?> pending;
        private int next;
        private boolean stalled;

        Playback(ResponseBodyEmitter emitter, StreamScript script, Scenario scenario) {
            this.emitter = emitter;
            this.script = script;
            this.delayMillis = scenario.delay() == null ? defaultDelayMillis : scenario.delay().toMillis();
            this.stallAt = scenario.stallAfter();
            this.stallMillis = scenario.stall() == null ? 0 : scenario.stall().toMillis();
            // a cut always lands before the terminal event, however large "after" is
            this.dropAt = scenario.dropAfter() == null ? null : Math.min(scenario.dropAfter(), script.terminalIndex());
            this.errorAt = scenario.errorAfter() == null ? null : Math.min(scenario.errorAfter(), script.terminalIndex());
        }

        void start() {
            schedule(nextDelay(0));
        }

        @Override
        public void run() {
            if (ended.get()) {
                return;
            }
            try {
                step();
            } catch (RuntimeException e) {
                // an escaping exception would silently end this chain and leave the client hanging
                LOG.warn("simulator stream failed: {}", e.toString());
                if (end()) {
                    runs.recordAborted();
                    emitter.completeWithError(e);
                }
            }
        }

        private void step() {
            if (dropAt != null && next >= dropAt) {
                if (end()) {
                    runs.recordAborted();
                    emitter.completeWithError(new DroppedByScenario());
                }
                return;
            }
            if (errorAt != null && next >= errorAt) {
                if (send(script.errorFrame()) && end()) {
                    runs.recordAborted();
                    emitter.complete();
                }
                return;
            }
            if (!send(script.frames().get(next))) {
                return;
            }
            next++;
            if (next == script.frames().size()) {
                if (end()) {
                    runs.recordCompleted();
                    emitter.complete();
                }
                return;
            }
            schedule(nextDelay(delayMillis));
        }

        private long nextDelay(long normal) {
            if (stallAt != null && !stalled && next >= stallAt) {
                stalled = true;
                return stallMillis;
            }
            return normal;
        }

        private boolean send(String frame) {
            try {
                emitter.send(frame, EVENT_STREAM_UTF8);
                runs.eventSent();
                return true;
            } catch (IOException | IllegalStateException e) {
                clientGone();
                return false;
            }
        }

        /** Past {@code run-timeout}: ended like a disconnect, and closed here so no timeout error is written into the stream. */
        void timedOut() {
            if (end()) {
                runs.recordCancelled();
                emitter.complete();
            }
        }

        void clientGone() {
            if (end()) {
                runs.recordCancelled();
            }
        }

        /** True for the one caller that ends the run; stops whatever is still scheduled. */
        private boolean end() {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            ScheduledFuture<?> task = pending;
            if (task != null) {
                task.cancel(false);
            }
            runs.streamClosed();
            return true;
        }

        private void schedule(long delay) {
            pending = scheduler.schedule(this, delay, TimeUnit.MILLISECONDS);
            if (ended.get()) {
                pending.cancel(false);
            }
        }
    }
}
