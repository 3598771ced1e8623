package dev.cortexgateway.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.store.JobStore;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The steps of routes/jobs.yaml: read a job, cancel it, whatever its kind (tool executions, cache
 * warm-ups: the {@link JobRunner} stops the work of any kind). A job is visible to the client that
 * created it (and to admins); to anyone else it does not exist, so ids cannot be probed.
 */
@Component("jobs")
public final class Jobs {

    private final JobStore store;
    private final JobRunner runner;
    private final JobViews views;
    private final List<JobKindKeys> kinds;
    private final ObjectMapper json;

    /** @param kinds the keys each kind of job adds to the cancel answer */
    public Jobs(JobStore store, JobRunner runner, JobViews views, List<JobKindKeys> kinds, ObjectMapper json) {
        this.store = store;
        this.runner = runner;
        this.views = views;
        this.kinds = List.copyOf(kinds);
        this.json = json;
    }

    /** {@code GET /api/v1/jobs/{jobId}}: with {@code progress} while this instance knows it. */
    public ObjectNode get(Exchange exchange) {
        JobStore.Job job = owned(exchange, "jobId");
        ObjectNode view = views.job(job);
        runner.progress(job.id()).ifPresent(progress -> view.set("progress", json.valueToTree(progress)));
        return view;
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
        // on this instance the stop is immediate; another instance sees the state within its poll
        boolean stoppedHere = after.state() == JobStore.State.CANCELLED && !job.state().finished()
                && runner.stop(after.id());
        ObjectNode view = views.job(after);
        kinds.stream().filter(kind -> kind.owns(after)).forEach(kind -> kind.addTo(view, after));
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

    /** The job whose id is in the {@code header} path parameter, if the caller may see it; else 404. */
    public JobStore.Job owned(Exchange exchange, String header) {
        String id = exchange.getIn().getHeader(header, String.class);
        VerifiedToken caller = exchange.getProperty(ExchangeKeys.PRINCIPAL, VerifiedToken.class);
        if (id == null || id.length() > 64) {
            throw notFound();
        }
        String owner = Owner.of(exchange).key();
        // another owner's job answers like an unknown one
        return store.get(id)
                .filter(job -> job.owner().equals(owner) || caller.hasScope("admin"))
                .orElseThrow(Jobs::notFound);
    }

    public static GatewayException notFound() {
        return new GatewayException(ErrorCode.JOB_NOT_FOUND, "No job with this id", "Job ids come from the 202 answer "
                + "of an async execution", Map.of());
    }
}
