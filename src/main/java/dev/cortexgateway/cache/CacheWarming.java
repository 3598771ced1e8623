package dev.cortexgateway.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.events.GatewayEvents;
import dev.cortexgateway.jobs.JobContext;
import dev.cortexgateway.jobs.JobPool;
import dev.cortexgateway.jobs.JobRunner;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.query.AnswerMapper;
import dev.cortexgateway.query.QueryAnswers;
import dev.cortexgateway.store.JobStore;
import dev.cortexgateway.support.CancelScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/v1/cache/warm}: asks Cortex the given questions ahead of time and caches the
 * answers, as a job of kind {@value #KIND} that the jobs API reads and cancels. Each question goes
 * through the same upstream route as a query ({@code direct:query-upstream}, inside the cortex circuit
 * breaker) on a small pool of the {@link JobRunner} (gateway.cache.warm.concurrent-jobs; waiting jobs
 * start highest priority first). Questions already cached are skipped, not re-asked. A cancel stops
 * the job between questions and aborts the upstream call in flight (its {@link CancelScope}); progress
 * goes to {@link GatewayEvents#JOB_UPDATES} after every question. Plain Java: the route's steps
 * (reading the exchange, the 200 / 202, the call of the upstream route) are {@link CacheWarmingSteps}.
 */
@Component("cacheWarming")
public final class CacheWarming {

    public static final String KIND = "cache:warm";
    public static final String EVENT_TYPE = "job_progress";
    private static final Logger LOG = LoggerFactory.getLogger(CacheWarming.class);
    private static final Map<String, Integer> PRIORITIES = Map.of("low", 0, "normal", 1, "high", 2);
    private static final String UNEXPECTED = "{\"code\":\"" + ErrorCode.INTERNAL_SERVER_ERROR.name()
            + "\",\"message\":\"The warm-up failed unexpectedly\"}";

    private final JobRunner jobs;
    private final AnswerCache cache;
    private final AnswerMapper mapper;
    private final GatewayEvents events;
    private final CacheProperties properties;
    private final ObjectMapper json;
    private final JobPool pool;

    public CacheWarming(JobRunner jobs, AnswerCache cache, AnswerMapper mapper, GatewayEvents events,
                        CacheProperties properties, ObjectMapper json) {
        this.jobs = jobs;
        this.cache = cache;
        this.mapper = mapper;
        this.events = events;
        this.properties = properties;
        this.json = json;
        this.pool = jobs.prioritizedPool("cache-warm", properties.warm().concurrentJobs());
    }

    /**
     * Asks Cortex one question as {@code /query} does ({@code direct:query-upstream}): the answer's
     * body, or the failure thrown. Handed in by the route's step ({@link CacheWarmingSteps}), so this
     * class stays plain Java.
     */
    @FunctionalInterface
    public interface Upstream {
        JsonNode ask(String question) throws Exception;
    }

    /**
     * A warm-up request's job: its view, and whether a repeated idempotency key found an earlier one.
     *
     * @param job the job as it is when answered: ended (200) or not yet (202)
     */
    public record Started(JobStore.Job job, ObjectNode view, boolean replayed) {
    }

    /**
     * Starts a warm-up job and, for a sync one, waits up to gateway.cache.warm.sync-wait.
     *
     * @param idempotencyKey read only after the questions passed their checks (its own 400 comes second)
     */
    public Started warm(JsonNode body, String owner, Supplier<String> idempotencyKey, Upstream upstream) {
        List<String> queries = new ArrayList<>();
        for (JsonNode query : body.path("queries")) {
            queries.add(query.asText(""));
        }
        int max = properties.warm().maxQueries();
        if (queries.size() > max) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "At most " + max + " queries per warm request",
                    "Split the list", Map.of("fields", List.of(Map.of("field", "/queries", "message", "at most " + max + " items"))));
        }
        for (int i = 0; i < queries.size(); i++) {
            QueryAnswers.checkQuery(queries.get(i), "/queries/" + i);
        }
        String priority = body.path("priority").asText("normal").toLowerCase(Locale.ROOT);
        boolean async = body.path("async").asBoolean(true);
        String prefix = body.path("cache_prefix").asText("");
        JobStore.Created created = jobs.record(KIND, owner, idempotencyKey.get(), Duration.ofHours(24));
        JobStore.Job job = created.job();
        if (!created.created()) {
            return new Started(job, answer(job, priority), true);
        }
        jobs.report(job.id(), new Progress(0, queries.size()).view());
        publish(job.id(), owner, "queued", new Progress(0, queries.size()));
        // the pool queues without bound: a warm-up is never refused
        jobs.launch(pool, job.id(), PRIORITIES.get(priority), run -> run(run, owner, queries, prefix, upstream), null,
                UNEXPECTED);
        if (!async) {
            jobs.await(job.id(), properties.warm().syncWait());
        }
        JobStore.Job now = jobs.get(job.id()).orElse(job);
        return new Started(now, answer(now, priority), false);
    }

    /** {@code GET /api/v1/cache/warm/{jobId}/status}: the owner's view of a warm-up job. */
    public ObjectNode status(String id, String owner, VerifiedToken caller) {
        JobStore.Job job = (id == null || id.length() > 64 ? Optional.<JobStore.Job>empty() : jobs.get(id))
                .filter(j -> KIND.equals(j.kind()))
                .filter(j -> j.owner().equals(owner) || caller.hasScope("admin"))
                .orElseThrow(() -> new GatewayException(ErrorCode.JOB_NOT_FOUND, "No cache warm-up job with this id",
                        "Ids come from the answer of POST /api/v1/cache/warm", Map.of()));
        ObjectNode node = json.createObjectNode()
                .put("warming_job_id", job.id())
                .put("kind", job.kind())
                .put("status", job.state().name().toLowerCase(Locale.ROOT));
        JsonNode result = job.result() == null ? null : parse(job.result());
        Map<String, Object> known = jobs.progress(job.id()).orElse(null);
        if (result != null) {
            node.set("progress", result.path("progress"));
            node.set("warmed", result.path("warmed"));
            node.set("skipped", result.path("skipped"));
            node.set("failed", result.path("failed"));
        } else if (known != null) {
            node.set("progress", json.valueToTree(known));
        } else {
            // running on another instance: only that one knows how far it got
            node.putNull("progress");
        }
        node.put("created_at", job.createdAt().toString()).put("updated_at", job.updatedAt().toString());
        return node;
    }

    private void run(JobContext job, String owner, List<String> queries, String prefix, Upstream upstream) {
        String jobId = job.jobId();
        CancelScope scope = job.scope();
        try {
            Progress now = new Progress(0, queries.size());
            publish(jobId, owner, "running", now);
            int warmed = 0;
            int skipped = 0;
            int failed = 0;
            for (String query : queries) {
                if (job.cancelled()) {
                    break;
                }
                String normalized = CacheKeys.normalize(query);
                if (cache.contains(prefix, normalized)) {
                    skipped++;
                } else if (ask(upstream, query.strip(), prefix, normalized, scope)) {
                    warmed++;
                } else {
                    failed++;
                }
                if (scope.cancelled()) {
                    break; // the question in flight was aborted: it is not done
                }
                now = new Progress(now.done() + 1, now.total());
                job.progress(now.view());
                publish(jobId, owner, "running", now);
            }
            if (job.cancelled()) {
                publish(jobId, owner, "cancelled", now);
                LOG.info("cache warm-up {} cancelled after {} of {} queries", jobId, now.done(), now.total());
                return;
            }
            ObjectNode result = json.createObjectNode();
            result.set("progress", json.valueToTree(now.view()));
            result.put("warmed", warmed).put("skipped", skipped).put("failed", failed);
            boolean stored = job.succeed(result.toString(), null);
            publish(jobId, owner, stored ? "succeeded" : "cancelled", now);
            LOG.info("cache warm-up {} finished: {} warmed, {} already cached, {} failed", jobId, warmed, skipped, failed);
        } catch (RuntimeException e) {
            LOG.error("cache warm-up {} failed: {}", jobId, e.getClass().getName());
            job.fail(UNEXPECTED, null);
        }
    }

    /** One question through direct:query-upstream; only a complete, successful answer is cached. */
    private boolean ask(Upstream upstream, String text, String prefix, String normalized, CancelScope scope) {
        JsonNode answer;
        try {
            answer = scope.run(() -> {
                try {
                    return upstream.ask(text);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new UpstreamFailed(e);
                }
            });
        } catch (RuntimeException e) {
            Throwable failure = e instanceof UpstreamFailed ? e.getCause() : e;
            if (!scope.cancelled()) {
                LOG.info("cache warm-up: a query failed upstream ({})", failure instanceof GatewayException g
                        ? g.code().name() : failure.getClass().getSimpleName());
            }
            return false;
        }
        cache.put(prefix, normalized, mapper.map(answer));
        return true;
    }

    private void publish(String jobId, String owner, String status, Progress now) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("job_id", jobId);
        payload.put("kind", KIND);
        payload.put("status", status);
        payload.put("progress", now.view());
        events.publish(GatewayEvents.JOB_UPDATES, EVENT_TYPE, owner, payload);
    }

    /** Where a warm-up job's owner reads how far it got; its {@code Location}. */
    public static String progressUrl(String jobId) {
        return "/api/v1/cache/warm/" + jobId + "/status";
    }

    private ObjectNode answer(JobStore.Job job, String priority) {
        String progressUrl = progressUrl(job.id());
        ObjectNode node = json.createObjectNode()
                .put("warming_job_id", job.id())
                .put("kind", job.kind())
                .put("status", warmStatus(job.state()))
                .put("job_status", job.state().name().toLowerCase(Locale.ROOT))
                .put("priority", priority)
                .put("progress_url", progressUrl)
                .put("job_url", "/api/v1/jobs/" + job.id());
        Map<String, Object> known = jobs.progress(job.id()).orElse(null);
        JsonNode done = null;
        if (job.result() != null) {
            done = parse(job.result()).path("progress");
        } else if (known != null) {
            done = json.valueToTree(known);
        }
        // a replayed request for a job another instance runs knows neither
        node.set("total_queries", done == null ? json.nullNode() : done.path("total"));
        // no forecast of Cortex's run times: the time it finished once it has, null before
        node.put("estimated_completion_time", job.state().finished() ? job.updatedAt().toString() : null);
        if (done != null) {
            node.set("progress", done);
        }
        return node;
    }

    /** The contract's words for a warm-up request: initiated while the job waits or runs, then how it ended. */
    static String warmStatus(JobStore.State state) {
        return switch (state) {
            case QUEUED, RUNNING -> "initiated";
            case SUCCEEDED -> "completed";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
        };
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored job result is not JSON", e);
        }
    }


    record Progress(int done, int total) {

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("done", done);
            view.put("total", total);
            return view;
        }
    }

    /** A checked failure of the upstream call, carried through the cancel scope's supplier. */
    private static final class UpstreamFailed extends RuntimeException {
        UpstreamFailed(Exception cause) {
            super(cause);
        }
    }
}
