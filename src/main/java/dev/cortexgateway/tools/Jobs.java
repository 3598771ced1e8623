package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.route.TokenCheck;
import dev.cortexgateway.store.JobStore;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The steps of routes/jobs.yaml and of the execution lookup: read a job, cancel it, whatever its
 * kind (tool executions, cache warm-ups: each kind's {@link JobWorker} stops its work). A job is
 * visible to the client that created it (and to admins); to anyone else it does not exist, so ids
 * cannot be probed.
 */
@Component("jobs")
public final class Jobs {

    private final JobStore store;
    private final List<JobWorker> workers;
    private final ExecutionViews views;
    private final ObjectMapper json;

    /** @param workers whatever runs jobs here: tool executions, cache warm-ups */
    public Jobs(JobStore store, List<JobWorker> workers, ExecutionViews views, ObjectMapper json) {
        this.store = store;
        this.workers = List.copyOf(workers);
        this.views = views;
        this.json = json;
    }

    /** {@code GET /api/v1/jobs/{jobId}}: with {@code progress} while a worker on this instance knows it. */
    public ObjectNode get(Exchange exchange) {
        JobStore.Job job = owned(exchange, "jobId");
        ObjectNode view = views.job(job);
        for (JobWorker worker : workers) {
            Optional<Map<String, Object>> progress = worker.progress(job.id());
            if (progress.isPresent()) {
                view.set("progress", json.valueToTree(progress.get()));
                break;
            }
        }
        return view;
    }

    /** {@code GET /api/v1/tools/executions/{executionId}}. */
    public ObjectNode execution(Exchange exchange) {
        JobStore.Job job = owned(exchange, "executionId");
        if (!ExecutionViews.isExecution(job)) {
            throw notFound();
        }
        return views.execution(job);
    }

    /**
     * {@code POST /api/v1/jobs/{jobId}/cancel}: idempotent. An unfinished job becomes cancelled and its
     * work is stopped; a finished one is left as it is. Either way 200 with the job as it is now, in
     * the job service's CancellationResponse shape ({@code job_id, status, cancelled_at, message})
     * plus the job's own keys.
     */
    public ObjectNode cancel(Exchange exchange) {
        JobStore.Job job = owned(exchange, "jobId");
        JobStore.Job after = job.state().finished() ? job : store.cancel(job.id()).orElseThrow(Jobs::notFound);
        boolean stoppedHere = false;
        if (after.state() == JobStore.State.CANCELLED && !job.state().finished()) {
            // on this instance the stop is immediate; another instance sees the state within its poll
            for (JobWorker worker : workers) {
                if (worker.stop(after.id())) {
                    stoppedHere = true;
                    break;
                }
            }
        }
        ObjectNode view = ExecutionViews.isExecution(after) ? withExecution(views.job(after), after) : views.job(after);
        view.put("job_id", after.id())
                .put("cancelled_at", after.state() == JobStore.State.CANCELLED ? after.updatedAt().toString() : null)
                .put("message", cancelMessage(job.state(), after.state(), stoppedHere));
        return view;
    }

    private static String cancelMessage(JobStore.State before, JobStore.State after, boolean stoppedHere) {
        if (before == JobStore.State.CANCELLED) {
            return "The job had already been cancelled";
        }
        if (after != JobStore.State.CANCELLED) {
            return "The job had already finished (" + after.name().toLowerCase(Locale.ROOT) + "); nothing was cancelled";
        }
        if (before == JobStore.State.QUEUED) {
            return "The job was cancelled before it started";
        }
        return stoppedHere ? "The job was cancelled and its work stopped"
                : "The job was cancelled; the instance running it stops its work within a second";
    }

    private ObjectNode withExecution(ObjectNode view, JobStore.Job job) {
        view.put("executionId", job.id()).put("tool", job.kind().substring(ExecutionViews.KIND_PREFIX.length()));
        return view;
    }

    private JobStore.Job owned(Exchange exchange, String header) {
        String id = exchange.getIn().getHeader(header, String.class);
        VerifiedToken caller = exchange.getProperty(TokenCheck.PRINCIPAL, VerifiedToken.class);
        if (id == null || id.length() > 64) {
            throw notFound();
        }
        String owner = Owner.of(exchange).key();
        // another owner's job answers like an unknown one
        return store.get(id)
                .filter(job -> job.owner().equals(owner) || caller.hasScope("admin"))
                .orElseThrow(Jobs::notFound);
    }

    private static GatewayException notFound() {
        return new GatewayException(ErrorCode.JOB_NOT_FOUND, "No job with this id", "Job ids come from the 202 answer "
                + "of an async execution", Map.of());
    }
}
