package dev.cortexgateway.jobs;

/**
 * The work of one job, run by {@link JobRunner} on a pool thread once the job moved from queued to
 * running. It ends the job through its {@link JobContext} ({@code succeed} / {@code fail}); work
 * that stops because it was cancelled just returns, the job already reads cancelled.
 */
@FunctionalInterface
public interface JobWork {

    void run(JobContext job);
}
