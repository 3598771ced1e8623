package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.route.TokenCheck;
import dev.cortexgateway.store.JobStore;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The steps of routes/jobs.yaml and of the execution lookup: read a job, cancel it. A job is
 * visible to the client that created it (and to admins); to anyone else it does not exist, so ids
 * cannot be probed.
 */
@Component("jobs")
public final class Jobs {

    private final JobStore store;
    private final ToolExecutions executions;
    private final ExecutionViews views;

    public Jobs(JobStore store, ToolExecutions executions, ExecutionViews views) {
        this.store = store;
        this.executions = executions;
        this.views = views;
    }

    /** {@code GET /api/v1/jobs/{jobId}}. */
    public ObjectNode get(Exchange exchange) {
        return views.job(owned(exchange, "jobId"));
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
     * work is stopped; a finished one is left as it is. Either way 200 with the job as it is now.
     */
    public ObjectNode cancel(Exchange exchange) {
        JobStore.Job job = owned(exchange, "jobId");
        JobStore.Job after = job.state().finished() ? job : store.cancel(job.id()).orElseThrow(Jobs::notFound);
        if (after.state() == JobStore.State.CANCELLED) {
            // on this instance the stop is immediate; another instance sees the state within its poll
            executions.stop(after.id());
        }
        return ExecutionViews.isExecution(after) ? withExecution(views.job(after), after) : views.job(after);
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
        return store.get(id)
                .filter(job -> job.ownerClientId().equals(caller.clientId()) || caller.hasScope("admin"))
                .orElseThrow(Jobs::notFound);
    }

    private static GatewayException notFound() {
        return new GatewayException(ErrorCode.JOB_NOT_FOUND, "No job with this id", "Job ids come from the 202 answer "
                + "of an async execution", Map.of());
    }
}
