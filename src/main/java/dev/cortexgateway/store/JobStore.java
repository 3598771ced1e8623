package dev.cortexgateway.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Long work (cache warm-up, asynchronous tool executions) as jobs a client can poll and cancel.
 * State changes are compare-and-set, so two instances racing to finish or cancel a job cannot both
 * win, and a finished job never changes again.
 */
public interface JobStore extends StateStore {

    /**
     * Creates a queued job. With an idempotency key, a second call by the same owner with the same
     * key creates nothing and returns the first job, whatever its kind or state.
     *
     * @param idempotencyKey null when the caller did not send one
     */
    default Created create(String kind, String owner, String idempotencyKey) {
        return create(kind, owner, idempotencyKey, null);
    }

    /**
     * As {@link #create(String, String, String)}, but a key only holds for {@code keyTtl} after the job
     * it first created: past that, the same key creates a new job.
     *
     * @param keyTtl null: the key holds as long as its job exists
     */
    Created create(String kind, String owner, String idempotencyKey, Duration keyTtl);

    Optional<Job> get(String jobId);

    /**
     * Moves the job from {@code from} to {@code to} if it is still in {@code from}.
     *
     * @param result JSON text kept with a succeeded job, else null
     * @param error  JSON text kept with a failed job, else null
     * @return false when the job is unknown or no longer in {@code from}
     * @throws IllegalArgumentException when {@code from -> to} is not a move jobs make
     */
    default boolean transition(String jobId, State from, State to, String result, String error) {
        return transition(jobId, from, to, result, error, null);
    }

    /**
     * As {@link #transition(String, State, State, String, String)}, keeping the CPU time the job's
     * work took. A move to running records the job's {@code startedAt}.
     *
     * @param cpuTimeMicros null when not measured
     */
    boolean transition(String jobId, State from, State to, String result, String error, Long cpuTimeMicros);

    /**
     * Cancels a job that has not finished. Idempotent: a finished job is left as it is.
     *
     * @return the job as it is afterwards, empty when unknown
     */
    Optional<Job> cancel(String jobId);

    /**
     * Told after each change a store makes to a job (created, moved, cancelled), with the job as it is
     * then: the one place job state changes are seen, e.g. to push progress to WebSocket clients.
     * Called on the changing thread, so it must return at once; a listener that throws is logged and
     * never fails the change.
     */
    @FunctionalInterface
    interface Listener {
        void changed(Job job);
    }

    enum State {
        QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }

        /** Queued jobs start or are given up; running ones end; finished ones stay. */
        public boolean canMoveTo(State next) {
            return switch (this) {
                case QUEUED -> next == RUNNING || next == FAILED || next == CANCELLED;
                case RUNNING -> next.finished();
                default -> false;
            };
        }
    }

    /**
     * @param result        JSON text, set when succeeded
     * @param error         JSON text, set when failed
     * @param startedAt     when it moved to running; null if it never ran
     * @param cpuTimeMicros CPU time its work took, when the worker measured it; else null
     */
    record Job(String id, String kind, String owner, State state, String idempotencyKey,
               Instant createdAt, Instant updatedAt, String result, String error, Instant startedAt,
               Long cpuTimeMicros) {
    }

    /** @param created false when an earlier job with the same idempotency key was returned */
    record Created(Job job, boolean created) {
    }
}
