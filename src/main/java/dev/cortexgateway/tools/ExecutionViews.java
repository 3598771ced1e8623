package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.jobs.JobKindKeys;
import dev.cortexgateway.store.JobStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * How tool executions look to clients. A tool execution is a job whose kind is {@code tool:<name>};
 * the same row answers {@code GET /api/v1/jobs/{id}} (jobs/JobViews) and
 * {@code GET /api/v1/tools/executions/{id}}, and its cancel answer names the execution and its tool.
 */
@Component
public final class ExecutionViews implements JobKindKeys {

    public static final String KIND_PREFIX = "tool:";

    private final ObjectMapper json;

    public ExecutionViews(ObjectMapper json) {
        this.json = json;
    }

    /**
     * A tool execution in the FACT API's shape ({@code execution_id, tool_name, status, progress,
     * started_at, user_id, result, metadata}), plus the gateway's own keys ({@code executionId,
     * jobId, tool, createdAt, updatedAt, durationMs, error}). See the ToolExecution schema.
     */
    public ObjectNode execution(JobStore.Job job) {
        String tool = job.kind().substring(KIND_PREFIX.length());
        String userId = Owner.parse(job.owner()).subject();
        String startedAt = job.startedAt() == null ? null : job.startedAt().toString();
        String completedAt = job.state().finished() ? job.updatedAt().toString() : null;
        ObjectNode node = json.createObjectNode()
                .put("execution_id", job.id())
                .put("tool_name", tool)
                .put("status", executionStatus(job.state()));
        node.set("progress", progress(job.state()));
        node.put("started_at", startedAt).put("completed_at", completedAt).put("user_id", userId);
        node.set("result", job.result() == null ? null : ExecutionResults.of(parse(job.result()), runMillis(job), json));
        ObjectNode metadata = node.putObject("metadata").put("user_id", userId)
                .put("started_at", startedAt).put("completed_at", completedAt);
        ObjectNode usage = metadata.putObject("resource_usage");
        if (job.cpuTimeMicros() == null) {
            usage.putNull("cpu_time_ms");
        } else {
            usage.put("cpu_time_ms", job.cpuTimeMicros() / 1000.0);
        }
        usage.putNull("memory_peak_mb");
        node.put("executionId", job.id())
                .put("jobId", job.id())
                .put("tool", tool);
        node.put("createdAt", job.createdAt().toString()).put("updatedAt", job.updatedAt().toString());
        if (job.state().finished()) {
            node.put("durationMs", Duration.between(job.createdAt(), job.updatedAt()).toMillis());
        }
        if (job.error() != null) {
            node.set("error", parse(job.error()));
        }
        return node;
    }

    /** The FACT API's words for an execution's state: a succeeded one is {@code completed}. */
    static String executionStatus(JobStore.State state) {
        return state == JobStore.State.SUCCEEDED ? "completed" : state.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Where the execution is. No tool reports how far along it is, so while it runs the percentage
     * and the time left are null; they are only known at the ends (0 when queued, 100 / 0 when finished).
     */
    private ObjectNode progress(JobStore.State state) {
        ObjectNode progress = json.createObjectNode();
        switch (state) {
            case QUEUED -> progress.put("stage", "queued").put("completion_percent", 0).putNull("estimated_remaining_ms");
            case RUNNING -> progress.put("stage", "executing").putNull("completion_percent").putNull("estimated_remaining_ms");
            default -> progress.put("stage", executionStatus(state)).put("completion_percent", 100).put("estimated_remaining_ms", 0);
        }
        return progress;
    }

    /** Milliseconds from the start of the work to its end; null when it never started (rows before V6). */
    private static Long runMillis(JobStore.Job job) {
        return job.startedAt() == null || !job.state().finished() ? null
                : Duration.between(job.startedAt(), job.updatedAt()).toMillis();
    }

    public static boolean isExecution(JobStore.Job job) {
        return job.kind().startsWith(KIND_PREFIX);
    }

    @Override
    public boolean owns(JobStore.Job job) {
        return isExecution(job);
    }

    @Override
    public void addTo(ObjectNode view, JobStore.Job job) {
        view.put("executionId", job.id()).put("tool", job.kind().substring(KIND_PREFIX.length()));
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("a stored job result is not JSON", e);
        }
    }
}
