package dev.cortexgateway.tools;

import java.util.Map;
import java.util.Optional;

/**
 * What runs jobs of some kinds on this instance (tool executions, cache warm-ups): the jobs API
 * (routes/jobs.yaml, {@link Jobs}) reads and cancels every kind the same way and asks the workers to
 * stop the work and, while it runs, how far it got.
 */
public interface JobWorker {

    /** Stops the job's work if it runs on this instance; true when it did. */
    boolean stop(String jobId);

    /** How far the job got, e.g. {@code {done, total}}, when this instance knows. */
    default Optional<Map<String, Object>> progress(String jobId) {
        return Optional.empty();
    }
}
