package dev.cortexgateway.tools;

import dev.cortexgateway.events.GatewayEvents;
import dev.cortexgateway.store.JobStore;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Publishes a {@code job_progress} event on {@code job_updates} each time a tool execution's job
 * changes state (queued, running, succeeded / failed / cancelled), to its owner only. It listens to
 * the job store, the one place every change goes through (the sync and async paths, a deadline, a
 * cancel), so no step can forget to report.
 *
 * <p>Only tool executions: cache warm jobs publish their own {@code job_progress} with {@code progress}
 * counts, and a second event per change would duplicate theirs. Changes made on another instance
 * (a cancel that reached it) are published there, to the WebSocket clients connected there.
 */
@Component
final class ExecutionProgress implements JobStore.Listener {

    static final String TYPE = "job_progress";

    private final GatewayEvents events;

    ExecutionProgress(GatewayEvents events) {
        this.events = events;
    }

    @Override
    public void changed(JobStore.Job job) {
        if (!ExecutionViews.isExecution(job)) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("job_id", job.id());
        payload.put("kind", job.kind());
        payload.put("status", job.state().name().toLowerCase(Locale.ROOT));
        events.publish(GatewayEvents.JOB_UPDATES, TYPE, job.owner(), payload);
    }
}
