package dev.cortexgateway.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.contract.RequestValidator;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.jobs.JobAnswers;
import dev.cortexgateway.jobs.JobPool;
import dev.cortexgateway.jobs.JobRunner;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.metrics.GatewayOverhead;
import dev.cortexgateway.metrics.GenAiMetrics;
import dev.cortexgateway.metrics.UpstreamClock;
import dev.cortexgateway.route.IdempotencyKeys;
import dev.cortexgateway.route.TokenCheck;
import dev.cortexgateway.store.JobStore;
import dev.cortexgateway.support.CancelScope;
import dev.cortexgateway.tools.kinds.ToolKinds;
import dev.cortexgateway.upstream.UpstreamBreakers;
import dev.cortexgateway.upstream.UpstreamRetries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>Executions of {@code /execute} are jobs run by the {@link JobRunner} (idempotency key, job
 * record, pool, cancels from any instance, the sync wait): async ones run after the answer, and any
 * instance can report on them.
 */
@Component("toolExecutions")
public final class ToolExecutions implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ToolExecutions.class);
    /** How long a sync caller waits past the deadline for work that ignores its stop button. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final ProducerTemplate routes;
    private final JobRunner jobs;
    private final ToolArguments arguments;
    private final ToolUsage usage;
    private final GenAiMetrics genAi;
    private final ToolKinds kinds;
    private final ToolProperties properties;
    private final ExecutionViews views;
    private final ObjectMapper json;
    private final UpstreamBreakers breakers;
    private final JobPool pool;
    private final ScheduledThreadPoolExecutor timers;

    public ToolExecutions(CamelContext camel, JobRunner jobs, ToolArguments arguments, ToolUsage usage,
                          ToolProperties properties, ExecutionViews views, ObjectMapper json, UpstreamBreakers breakers,
                          GenAiMetrics genAi, ToolKinds kinds) {
        this.routes = camel.createProducerTemplate();
        this.kinds = kinds;
        this.jobs = jobs;
        this.arguments = arguments;
        this.usage = usage;
        this.genAi = genAi;
        this.properties = properties;
        this.views = views;
        this.json = json;
        this.breakers = breakers;
        this.pool = jobs.pool("tool-exec", properties.maxConcurrentExecutions(), properties.maxQueuedExecutions());
        this.timers = new ScheduledThreadPoolExecutor(1, task -> daemon(task, "tool-deadlines"));
        this.timers.setRemoveOnCancelPolicy(true);
    }

    /** {@code POST /api/v1/tools/{toolName}}: runs the tool now and answers its result. */
    public JsonNode call(Exchange exchange) {
        Tool tool = exchange.getProperty(ExchangeKeys.TOOL, Tool.class);
        JsonNode args = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        UpstreamClock upstream = new UpstreamClock();
        Outcome outcome = runAndWait(tool, args, tool.timeout(), caller(exchange), Owner.of(exchange).key(), null,
                new CancelScope(), upstream);
        exchange.setProperty(ExchangeKeys.UPSTREAM_NANOS, upstream.nanos());
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
        Tool tool = exchange.getProperty(ExchangeKeys.TOOL, Tool.class);
        JsonNode request = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
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
        JobStore.Created created = jobs.record(ExecutionViews.KIND_PREFIX + tool.name(), owner, key,
                properties.idempotencyTtl());
        JobStore.Job job = created.job();
        if (!created.created()) {
            JobAnswers.replayed(exchange);
            return answer(exchange, job);
        }
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        UpstreamClock upstream = new UpstreamClock();
        try {
            jobs.launch(pool, job.id(), 0, run -> {
                Outcome done;
                try {
                    done = run(tool, args, timeout, caller, owner, run.jobId(), run.scope(), upstream);
                } catch (RuntimeException e) {
                    done = new Outcome(null, unexpected(tool, e));
                }
                outcome.set(done);
                if (done.failure() == null) {
                    run.succeed(resultJson(done.result()), done.cpuTimeMicros());
                } else {
                    run.fail(errorJson(done.failure()), done.cpuTimeMicros());
                }
            }, errorJson(ToolFailures.busy()), errorJson(internalError(tool)));
        } catch (RejectedExecutionException full) {
            throw async ? ToolFailures.busy() : withExecutionId(ToolFailures.busy(), job.id());
        }
        if (async) {
            return answer(exchange, jobs.get(job.id()).orElse(job));
        }
        // sync: wait for the deadline plus a grace period
        boolean ended = jobs.await(job.id(), timeout.plus(GRACE));
        exchange.setProperty(ExchangeKeys.UPSTREAM_NANOS, upstream.nanos());
        GatewayException failure;
        if (!ended) {
            jobs.abandon(job.id());
            LOG.warn("tool {} ignored its stop button for {} ms past its deadline", tool.name(), GRACE.toMillis());
            failure = ToolFailures.timedOut(tool.name(), timeout);
            jobs.end(job.id(), JobStore.State.FAILED, null, errorJson(failure), null);
        } else if (outcome.get() == null) {
            failure = ToolFailures.cancelled(tool.name()); // cancelled before a thread was free to start it
        } else {
            failure = outcome.get().failure();
        }
        if (failure != null) {
            throw withExecutionId(failure, job.id());
        }
        return answer(exchange, jobs.get(job.id()).orElseThrow());
    }

    /** The failure's envelope names the execution, whose record stays readable. */
    private static GatewayException withExecutionId(GatewayException failure, String executionId) {
        Map<String, Object> details = new java.util.LinkedHashMap<>(failure.details());
        details.put("executionId", executionId);
        return new GatewayException(failure.code(), failure.getMessage(), failure.hint(), details);
    }

    private ObjectNode answer(Exchange exchange, JobStore.Job job) {
        JobAnswers.status(exchange, job, "/api/v1/tools/executions/" + job.id());
        return views.execution(job);
    }

    /** On a pool thread, waits for it with the deadline plus a grace period. */
    private Outcome runAndWait(Tool tool, JsonNode args, Duration timeout, VerifiedToken caller, String owner,
                               String executionId, CancelScope scope, UpstreamClock upstream) {
        Future<Outcome> future;
        try {
            future = pool.submit(() -> run(tool, args, timeout, caller, owner, executionId, scope, upstream));
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
                exchange.setProperty(ExchangeKeys.TOOL, tool);
                exchange.setProperty(ExchangeKeys.TOOL_ARGUMENTS, args);
                exchange.setProperty(ExchangeKeys.TOOL_DEFINITION, tool.definition());
                exchange.setProperty(ExchangeKeys.TOOL_TIMEOUT, timeout);
                // retries (when a tool's upstream has them on) never wait past the deadline
                exchange.setProperty(ExchangeKeys.UPSTREAM_DEADLINE_NANOS, started + timeout.toNanos());
                exchange.setProperty(ExchangeKeys.PRINCIPAL, caller);
                exchange.setProperty(ExchangeKeys.TOOL_OWNER, owner);
                if (executionId != null) {
                    exchange.setProperty(ExchangeKeys.EXECUTION_ID, executionId);
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
        genAi.toolExecuted(tool.name(), kinds.of(tool.kind()).provider(), nanos, errorType(outcome.failure()));
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
        return internalError(tool);
    }

    private static GatewayException internalError(Tool tool) {
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
        return exchange.getProperty(ExchangeKeys.PRINCIPAL, VerifiedToken.class);
    }

    @Override
    public void destroy() {
        timers.shutdownNow();
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
