package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.store.JobStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * How jobs and tool executions look to clients. A tool execution is a job whose kind is
 * {@code tool:<name>}; the same row answers {@code GET /api/v1/jobs/{id}} and
 * {@code GET /api/v1/tools/executions/{id}}.
 */
@Component
public final class ExecutionViews {

    public static final String KIND_PREFIX = "tool:";

    private final ObjectMapper json;

    public ExecutionViews(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode job(JobStore.Job job) {
        ObjectNode node = json.createObjectNode()
                .put("id", job.id())
                .put("kind", job.kind())
                .put("status", status(job));
        common(node, job);
        return node;
    }

    public ObjectNode execution(JobStore.Job job) {
        ObjectNode node = json.createObjectNode()
                .put("executionId", job.id())
                .put("jobId", job.id())
                .put("tool", job.kind().substring(KIND_PREFIX.length()))
                .put("status", status(job));
        common(node, job);
        return node;
    }

    public static boolean isExecution(JobStore.Job job) {
        return job.kind().startsWith(KIND_PREFIX);
    }

    private void common(ObjectNode node, JobStore.Job job) {
        node.put("createdAt", job.createdAt().toString()).put("updatedAt", job.updatedAt().toString());
        if (job.state().finished()) {
            node.put("durationMs", Duration.between(job.createdAt(), job.updatedAt()).toMillis());
        }
        if (job.result() != null) {
            node.set("result", parse(job.result()));
        }
        if (job.error() != null) {
            node.set("error", parse(job.error()));
        }
    }

    private static String status(JobStore.Job job) {
        return job.state().name().toLowerCase(Locale.ROOT);
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("a stored job result is not JSON", e);
        }
    }
}
