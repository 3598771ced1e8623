package dev.cortexgateway.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.store.JobStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** How any job looks to clients in {@code GET /api/v1/jobs/{id}} and the cancel answer, whatever its kind. */
@Component
public final class JobViews {

    private final ObjectMapper json;

    public JobViews(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode job(JobStore.Job job) {
        ObjectNode node = json.createObjectNode()
                .put("id", job.id())
                .put("kind", job.kind())
                .put("status", job.state().name().toLowerCase(Locale.ROOT));
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
        return node;
    }

    /** A stored result or error: JSON text the runner wrote. */
    public JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("a stored job result is not JSON", e);
        }
    }
}
