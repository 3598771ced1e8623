package dev.cortexgateway.jobs;

import dev.cortexgateway.store.JobStore;
import dev.cortexgateway.support.CancelScope;
import java.util.Map;

/** What a job's work is handed: its id, its stop button, and how to report progress and its end. */
public final class JobContext {

    private final String jobId;
    private final CancelScope scope;
    private final JobRunner runner;

    JobContext(String jobId, CancelScope scope, JobRunner runner) {
        this.jobId = jobId;
        this.scope = scope;
        this.runner = runner;
    }

    public String jobId() {
        return jobId;
    }

    /** Pressed by a cancel (on this instance, or seen by the runner's poll), a deadline or shutdown. */
    public CancelScope scope() {
        return scope;
    }

    /** True when the job was cancelled, here or through another instance. */
    public boolean cancelled() {
        return scope.cancelled() || runner.cancelledInStore(jobId);
    }

    /** How far the job got, e.g. {@code {done, total}}: read by the jobs API while this instance knows it. */
    public void progress(Map<String, Object> progress) {
        runner.report(jobId, progress);
    }

    /** @return false when the job was cancelled first: its result is dropped */
    public boolean succeed(String resultJson, Long cpuTimeMicros) {
        return runner.end(jobId, JobStore.State.SUCCEEDED, resultJson, null, cpuTimeMicros);
    }

    /** @return false when the job was cancelled first: its error is dropped */
    public boolean fail(String errorJson, Long cpuTimeMicros) {
        return runner.end(jobId, JobStore.State.FAILED, null, errorJson, cpuTimeMicros);
    }
}
