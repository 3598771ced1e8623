package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.jobs.Jobs;
import dev.cortexgateway.store.JobStore;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** {@code GET /api/v1/tools/executions/{executionId}}: a job of a tool kind, seen by its owner (and admins) only. */
@Component("executionLookup")
public final class ExecutionLookup {

    private final Jobs jobs;
    private final ExecutionViews views;

    public ExecutionLookup(Jobs jobs, ExecutionViews views) {
        this.jobs = jobs;
        this.views = views;
    }

    public ObjectNode get(Exchange exchange) {
        JobStore.Job job = jobs.owned(exchange, "executionId");
        if (!ExecutionViews.isExecution(job)) {
            throw Jobs.notFound();
        }
        return views.execution(job);
    }
}
