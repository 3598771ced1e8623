package dev.cortexgateway.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.contract.RequestValidator;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.metrics.GatewayOverhead;
import dev.cortexgateway.metrics.GenAiMetrics;
import dev.cortexgateway.metrics.UpstreamClock;
import dev.cortexgateway.route.IdempotencyKeys;
import dev.cortexgateway.route.TokenCheck;
import dev.cortexgateway.store.JobStore;
import dev.cortexgateway.upstream.UpstreamBreakers;
import dev.cortexgateway.upstream.UpstreamRetries;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs tool pipelines with a deadline and a stop button. Each execution runs its tool's route
 * ({@code direct:tool-<name>}) on a bounded pool inside a {@link CancelScope}; a timer presses the
 * button at the deadline, a client's cancel presses it at once, and the JDBC statement or HTTP call
 * underneath stops. Java starts the route here (the one other place besides the SSE bridge) because
 * a route cannot hold its own deadline and cancel handle.
 *
 * <p>Executions of {@code /execute} are jobs in the {@link JobStore}: async ones run after the
 * answer, and any instance can report on them. Cancels that reach another instance are seen by a
 * poll of the running jobs' state every {@value #CANCEL_POLL_MILLIS} ms.
 *
 * <p>The pools are not Spring beans on purpose: an {@code Executor} bean makes Spring Boot drop the
 * request executor platform-http runs on.
 */
@Component("toolExecutions")
public final class ToolExecutions implements JobWorker, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ToolExecutions.class);
    static final long CANCEL_POLL_MILLIS = 500;
    /** Exchange property of a tool pipeline: the owner key of the caller (whose OAuth tokens an http tool may use). */
    public static final String OWNER = "toolOwner";
    /** How long a sync caller waits past the deadline for work that ignores its stop button. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final ProducerTemplate routes;
    private final JobStore jobs;
    private final ToolArguments arguments;
    private final ToolUsage usage;
    private final GenAiMetrics genAi;
    private final ToolProperties properties;
    private final ExecutionViews views;
    private final ObjectMapper json;
    private final UpstreamBreakers breakers;
    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor timers;
    /** Job id -> the scope of its execution, for jobs running on this instance. */
    private final Map<String, CancelScope> running = new ConcurrentHashMap<>();

    public ToolExecutions(CamelContext camel, JobStore jobs, ToolArguments arguments, ToolUsage usage,
                          ToolProperties properties, ExecutionViews views, ObjectMapper json, UpstreamBreakers breakers,
                          GenAiMetrics genAi) {
        this.routes = camel.createProducerTemplate();
        this.jobs = jobs;
        this.arguments = arguments;
        this.usage = usage;
        this.genAi = genAi;
        this.properties = properties;
        this.views = views;
        this.json = json;
        this.breakers = breakers;
        AtomicInteger threadCount = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(properties.maxConcurrentExecutions(), properties.maxConcurrentExecutions(),
                30, TimeUnit.SECONDS,
                properties.maxQueuedExecutions() == 0 ? new java.util.concurrent.SynchronousQueue<>()
                        : new LinkedBlockingQueue<>(properties.maxQueuedExecutions()),
                task -> daemon(task, "tool-exec-" + threadCount.incrementAndGet()));
        this.pool.allowCoreThreadTimeOut(true);
        this.timers = new ScheduledThreadPoolExecutor(1, task -> daemon(task, "tool-deadlines"));
        this.timers.setRemoveOnCancelPolicy(true);
        this.timers.scheduleWithFixedDelay(this::pollCancels, CANCEL_POLL_MILLIS, CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** {@code POST /api/v1/tools/{toolName}}: runs the tool now and answers its result. */
    public JsonNode call(Exchange exchange) {
        Tool tool = exchange.getProperty(ToolCatalog.TOOL, Tool.class);
        JsonNode args = exchange.getProperty(RequestValidator.PARSED_BODY, JsonNode.class);
        UpstreamClock upstream = new UpstreamClock();
        Outcome outcome = runAndWait(tool, args, tool.timeout(), caller(exchange), Owner.of(exchange).key(), null,
                new CancelScope(), upstream);
        exchange.setProperty(GatewayOverhead.UPSTREAM_NANOS, upstream.nanos());
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return outcome.result();
    }

    /**
     * {@code POST /api/v1/tools/{toolName}/execute}: an execution record. Async executions answer 202
     * at once; sync ones answer 200 with the result, or the failure's envelope (its details name the
     * execution, whose record stays readable). A repeated {@code x-idempotency-key} returns the first job.
     */
    public ObjectNode execute(Exchange exchange) {
        Tool tool = exchange.getProperty(ToolCatalog.TOOL, Tool.class);
        JsonNode request = exchange.getProperty(RequestValidator.PARSED_BODY, JsonNode.class);
        JsonNode args = request.hasNonNull("arguments") ? request.get("arguments") : json.createObjectNode();
        JsonNode options = request.path("execution_options");
        boolean async = options.path("async").asBoolean(false);
        Duration timeout = options.hasNonNull("timeout_seconds")
                ? Duration.ofSeconds(options.get("timeout_seconds").asLong()) : tool.timeout();
        if (timeout.compareTo(properties.maxTimeout()) > 0) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "execution_options.timeout_seconds may be at most "
                    + properties.maxTimeout().toSeconds(), null,
                    Map.of("fields", List.of(Map.of("field", "/execution_options/timeout_seconds",
                            "message", "must be at most " + properties.maxTimeout().toSeconds()))));
        }
        arguments.check(tool, args);
        VerifiedToken caller = caller(exchange);
        String owner = Owner.of(exchange).key();
        String key = IdempotencyKeys.of(exchange);
        JobStore.Created created = jobs.create(ExecutionViews.KIND_PREFIX + tool.name(), owner, key,
                properties.idempotencyTtl());
        JobStore.Job job = created.job();
        if (!created.created()) {
            exchange.getMessage().setHeader("X-Idempotent-Replay", "true");
            return answer(exchange, job);
        }
        CancelScope scope = new CancelScope();
        if (async) {
            try {
                // the job's spans continue the request's trace (tracing/), as the synchronous call's do
                pool.execute(Context.current().wrap(() -> runJob(job.id(), tool, args, timeout, caller, owner, scope)));
            } catch (RejectedExecutionException full) {
                jobs.transition(job.id(), JobStore.State.QUEUED, JobStore.State.FAILED, null, errorJson(ToolFailures.busy()));
                throw ToolFailures.busy();
            }
            return answer(exchange, jobs.get(job.id()).orElse(job));
        }
        jobs.transition(job.id(), JobStore.State.QUEUED, JobStore.State.RUNNING, null, null);
        running.put(job.id(), scope);
        Outcome outcome;
        UpstreamClock upstream = new UpstreamClock();
        try {
            outcome = runAndWait(tool, args, timeout, caller, owner, job.id(), scope, upstream);
        } finally {
            running.remove(job.id());
            exchange.setProperty(GatewayOverhead.UPSTREAM_NANOS, upstream.nanos());
        }
        finish(job.id(), outcome);
        if (outcome.failure() != null) {
            GatewayException failure = outcome.failure();
            Map<String, Object> details = new java.util.LinkedHashMap<>(failure.details());
            details.put("executionId", job.id());
            throw new GatewayException(failure.code(), failure.getMessage(), failure.hint(), details);
        }
        return answer(exchange, jobs.get(job.id()).orElseThrow());
    }

    /** Stops the execution of a job if it runs on this instance; true when it did. */
    @Override
    public boolean stop(String jobId) {
        CancelScope scope = running.get(jobId);
        if (scope == null) {
            return false;
        }
        scope.cancel();
        return true;
    }

    private ObjectNode answer(Exchange exchange, JobStore.Job job) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, job.state().finished() ? 200 : 202);
        exchange.getMessage().setHeader("Location", "/api/v1/tools/executions/" + job.id());
        return views.execution(job);
    }

    private void runJob(String jobId, Tool tool, JsonNode args, Duration timeout, VerifiedToken caller, String owner,
                        CancelScope scope) {
        if (!jobs.transition(jobId, JobStore.State.QUEUED, JobStore.State.RUNNING, null, null)) {
            return; // cancelled while queued
        }
        running.put(jobId, scope);
        try {
            finish(jobId, run(tool, args, timeout, caller, owner, jobId, scope, new UpstreamClock()));
        } finally {
            running.remove(jobId);
        }
    }

    private void finish(String jobId, Outcome outcome) {
        boolean stored = outcome.failure() == null
                ? jobs.transition(jobId, JobStore.State.RUNNING, JobStore.State.SUCCEEDED, resultJson(outcome.result()), null,
                        outcome.cpuTimeMicros())
                : jobs.transition(jobId, JobStore.State.RUNNING, JobStore.State.FAILED, null, errorJson(outcome.failure()),
                        outcome.cpuTimeMicros());
        if (!stored) {
            LOG.debug("job {} was cancelled before it finished; its outcome is dropped", jobId);
        }
    }

    /** On a pool thread, waits for it with the deadline plus a grace period. */
    private Outcome runAndWait(Tool tool, JsonNode args, Duration timeout, VerifiedToken caller, String owner,
                               String executionId, CancelScope scope, UpstreamClock upstream) {
        Future<Outcome> future;
        try {
            future = pool.submit(Context.current().wrap(() -> run(tool, args, timeout, caller, owner, executionId, scope, upstream)));
        } catch (RejectedExecutionException full) {
            return new Outcome(null, ToolFailures.busy());
        }
        try {
            return future.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stuck) {
            scope.cancel();
            future.cancel(true);
            LOG.warn("tool {} ignored its stop button for {} ms past its deadline", tool.name(), GRACE.toMillis());
            return new Outcome(null, ToolFailures.timedOut(tool.name(), timeout));
        } catch (InterruptedException e) {
            scope.cancel();
            Thread.currentThread().interrupt();
            return new Outcome(null, ToolFailures.cancelled(tool.name()));
        } catch (ExecutionException e) {
            return new Outcome(null, unexpected(tool, e.getCause()));
        }
    }

    /** Runs the tool's route on this thread, inside {@code scope}, stopped at the deadline; upstream waits go to {@code upstream}. */
    private Outcome run(Tool tool, JsonNode args, Duration timeout, VerifiedToken caller, String owner, String executionId,
                        CancelScope scope, UpstreamClock upstream) {
        long started = System.nanoTime();
        long cpuStarted = ThreadCpuTime.nanos();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = timers.schedule(() -> {
            timedOut.set(true);
            scope.cancel();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        Exchange done;
        try {
            done = upstream.run(() -> scope.run(() -> routes.send(tool.endpoint(), exchange -> {
                exchange.setProperty(ToolCatalog.TOOL, tool);
                exchange.setProperty(ToolArguments.ARGUMENTS, args);
                exchange.setProperty(ToolArguments.DEFINITION, tool.definition());
                exchange.setProperty(ToolArguments.TIMEOUT, timeout);
                // retries (when a tool's upstream has them on) never wait past the deadline
                exchange.setProperty(UpstreamRetries.DEADLINE_NANOS, started + timeout.toNanos());
                exchange.setProperty(TokenCheck.PRINCIPAL, caller);
                exchange.setProperty(OWNER, owner);
                if (executionId != null) {
                    exchange.setProperty("executionId", executionId);
                }
            })));
        } finally {
            deadline.cancel(false);
        }
        Outcome outcome;
        if (timedOut.get()) {
            outcome = new Outcome(null, ToolFailures.timedOut(tool.name(), timeout));
        } else if (scope.cancelled()) {
            outcome = new Outcome(null, ToolFailures.cancelled(tool.name()));
        } else if (done.getException() != null) {
            outcome = new Outcome(null, unexpected(tool, done.getException()));
        } else {
            outcome = new Outcome(asJson(done.getMessage().getBody()), null);
        }
        outcome = outcome.withCpuTime(ThreadCpuTime.microsSince(cpuStarted));
        long nanos = System.nanoTime() - started;
        long millis = nanos / 1_000_000;
        usage.record(tool.name(), outcome.failure() == null, millis);
        genAi.toolExecuted(tool.name(), tool.kind(), nanos, errorType(outcome.failure()));
        LOG.info("tool {} {} in {} ms (execution {}, arguments {})", tool.name(),
                outcome.failure() == null ? "succeeded" : "failed: " + outcome.failure().code().name()
                        + causeOf(outcome.failure()), millis, executionId == null ? "none" : executionId, argumentNames(args));
        return outcome;
    }

    private GatewayException unexpected(Tool tool, Throwable failure) {
        GatewayException refused = breakers.refusal(failure);
        if (refused != null) {
            return refused;
        }
        GatewayException mapped = ToolFailures.of(failure, tool.name(), false);
        if (mapped != null) {
            return mapped;
        }
        StackTraceElement[] where = failure.getStackTrace();
        LOG.error("tool {} failed unexpectedly: {} at {}", tool.name(), failure.getClass().getName(),
                where.length == 0 ? "unknown" : where[0].getClassName() + "." + where[0].getMethodName() + ":" + where[0].getLineNumber());
        return new GatewayException(ErrorCode.INTERNAL_SERVER_ERROR, "The tool '" + tool.name() + "' failed unexpectedly",
                "Retry later; quote the traceId when reporting this", Map.of());
    }

    /** Argument names only: values (queries, SQL) never reach the log. */
    private static List<String> argumentNames(JsonNode args) {
        List<String> names = new ArrayList<>();
        if (args != null) {
            args.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** The error.type of a failed execution: the upstream's cause when there is one, else the code. */
    private static String errorType(GatewayException failure) {
        if (failure == null) {
            return null;
        }
        Object cause = failure.details().get("cause");
        return cause == null ? failure.code().name() : cause.toString();
    }

    private static String causeOf(GatewayException failure) {
        Object cause = failure.details().get("cause");
        return cause == null ? "" : " (" + cause + ")";
    }

    private JsonNode asJson(Object body) {
        if (body instanceof JsonNode node) {
            return node;
        }
        return json.valueToTree(body);
    }

    private String resultJson(JsonNode result) {
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private String errorJson(GatewayException failure) {
        ObjectNode error = json.createObjectNode()
                .put("code", failure.code().name())
                .put("message", failure.getMessage())
                .put("retryable", failure.code().retryable());
        if (failure.hint() != null) {
            error.put("hint", failure.hint());
        }
        error.set("details", json.valueToTree(failure.details()));
        return resultJson(error);
    }


    private static VerifiedToken caller(Exchange exchange) {
        return exchange.getProperty(TokenCheck.PRINCIPAL, VerifiedToken.class);
    }

    /** Cancels local executions whose job was cancelled through another instance. */
    private void pollCancels() {
        for (String jobId : List.copyOf(running.keySet())) {
            try {
                jobs.get(jobId).filter(job -> job.state() == JobStore.State.CANCELLED).ifPresent(job -> stop(jobId));
            } catch (RuntimeException e) {
                LOG.warn("could not read the state of running job {}: {}", jobId, e.getClass().getName());
            }
        }
    }

    @Override
    public void destroy() {
        running.values().forEach(CancelScope::cancel);
        timers.shutdownNow();
        pool.shutdownNow();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** @param cpuTimeMicros CPU time of the thread that ran the pipeline; null when not measured */
    private record Outcome(JsonNode result, GatewayException failure, Long cpuTimeMicros) {

        Outcome(JsonNode result, GatewayException failure) {
            this(result, failure, null);
        }

        Outcome withCpuTime(Long micros) {
            return new Outcome(result, failure, micros);
        }
    }
}
