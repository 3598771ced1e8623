package dev.cortexgateway.jobs;

import dev.cortexgateway.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A job store in memory with the real one's compare-and-set moves, for the runner's own tests. */
final class MemoryJobStore implements JobStore {

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    @Override
    public synchronized Created create(String kind, String owner, String idempotencyKey, Duration keyTtl) {
        if (idempotencyKey != null && keys.containsKey(owner + "/" + idempotencyKey)) {
            return new Created(jobs.get(keys.get(owner + "/" + idempotencyKey)), false);
        }
        Instant now = Instant.now();
        Job job = new Job(UUID.randomUUID().toString(), kind, owner, State.QUEUED, idempotencyKey, now, now, null, null, null, null);
        jobs.put(job.id(), job);
        if (idempotencyKey != null) {
            keys.put(owner + "/" + idempotencyKey, job.id());
        }
        return new Created(job, true);
    }

    @Override
    public Optional<Job> get(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public synchronized boolean transition(String jobId, State from, State to, String result, String error, Long cpuTimeMicros) {
        Job job = jobs.get(jobId);
        if (job == null || job.state() != from) {
            return false;
        }
        Instant now = Instant.now();
        jobs.put(jobId, new Job(job.id(), job.kind(), job.owner(), to, job.idempotencyKey(), job.createdAt(), now, result, error,
                to == State.RUNNING ? now : job.startedAt(), cpuTimeMicros));
        return true;
    }

    @Override
    public synchronized Optional<Job> cancel(String jobId) {
        Job job = jobs.get(jobId);
        if (job != null && !job.state().finished()) {
            transition(jobId, job.state(), State.CANCELLED, null, null, null);
        }
        return get(jobId);
    }

    @Override
    public String kind() {
        return "jobs";
    }

    @Override
    public String backend() {
        return "memory";
    }

    @Override
    public void ping() {
    }
}
