package dev.cortexgateway.cortex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cortexgateway.config.CortexProperties;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.metrics.UpstreamClock;
import dev.cortexgateway.support.CancelScope;
import dev.cortexgateway.tracing.UpstreamTracing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one way to Snowflake Cortex Agents, for production and for the local simulator alike: builds
 * the run request, authenticates, streams the SSE answer event by event as bytes arrive, and maps
 * every failure to a {@link GatewayException}. No retries here: a retry policy decides before the
 * first byte, and that belongs to the caller.
 *
 * <p>Inactivity is watched by one scheduler thread per client (there is one client). It is not a
 * Spring bean on purpose: any {@code Executor} bean makes Spring Boot skip its request executor,
 * which platform-http needs.
 */
@Component
public final class CortexAgentClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CortexAgentClient.class);
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final CortexProperties properties;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final AgentRunRequests requests;
    private final CortexUpstream upstream;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor watchdog;
    private final long inactivityNanos;
    private final String route;

    /** Untraced, for tests that build a client by hand: a client's trace is still passed on. */
    public CortexAgentClient(CortexProperties properties, Clock clock) {
        this(properties, clock, UpstreamTracing.off());
    }

    @Autowired
    public CortexAgentClient(CortexProperties properties, Clock clock, UpstreamTracing tracing) {
        this.properties = properties.checked();
        this.clock = clock;
        this.upstream = new CortexUpstream(properties, clock, tracing);
        this.requests = new AgentRunRequests(properties, json, upstream.endpoints());
        this.http = upstream.http();
        this.watchdog = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "cortex-inactivity-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        this.watchdog.setRemoveOnCancelPolicy(true);
        this.inactivityNanos = properties.inactivityTimeout().toNanos();
        this.route = properties.agent().mode().name().toLowerCase() + (properties.agent().legacy() ? "-legacy" : "");
    }

    /** See {@link CortexEndpoints#useSimulatorPort(int)}: wired by {@link SimulatorUpstream}. */
    void useSimulatorPort(int port) {
        upstream.endpoints().useSimulatorPort(port);
    }

    /** The Snowflake account URL calls go to (the simulator's port filled in, if it stood for it). */
    public URI baseUrl() {
        return upstream.endpoints().base();
    }

    /** The connection pool, endpoints and identity, shared with the other Cortex calls. */
    CortexUpstream upstream() {
        return upstream;
    }

    /**
     * Starts a streaming run. Returns at once; events, then exactly one of onComplete / onError, reach
     * the listener on HTTP client threads. Failures that happen before the request leaves (none are
     * expected) also arrive through onError.
     */
    public CortexRun run(AgentRunInput input, CortexEventListener listener) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(listener, "listener");
        StreamingRun run = new StreamingRun(listener);
        HttpRequest request;
        try {
            request = request(input, true);
        } catch (RuntimeException e) {
            run.finish(new GatewayException(ErrorCode.INTERNAL_SERVER_ERROR, "the gateway could not prepare the Cortex request"));
            return run;
        }
        run.start(request);
        return run;
    }

    /**
     * Runs without streaming ({@code stream:false}) and returns the answer, which has the shape of
     * the streaming {@code response} event's data. Waits at most the inactivity timeout for it.
     */
    public JsonNode runBlocking(AgentRunInput input) {
        Objects.requireNonNull(input, "input");
        long started = System.nanoTime();
        // a job's stop button (tools/CancelScope, e.g. a cancelled cache warm-up) aborts the exchange
        CancelScope scope = CancelScope.current();
        if (scope.cancelled()) {
            throw stoppedWaiting();
        }
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(request(input, false), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try (CancelScope.Registration ignored = scope.onCancel(() -> exchange.cancel(true));
             UpstreamClock.Lap waiting = UpstreamClock.lap()) {
            response = exchange.get();
        } catch (CancellationException e) {
            logEnd("blocking", "cancelled", 0, started);
            throw stoppedWaiting();
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw stoppedWaiting();
        } catch (ExecutionException e) {
            if (scope.cancelled()) {
                logEnd("blocking", "cancelled", 0, started);
                throw stoppedWaiting();
            }
            GatewayException error = UpstreamErrors.forException(e.getCause());
            logEnd("blocking", error.code().name(), 0, started);
            throw error;
        }
        String requestId = response.headers().firstValue(UpstreamErrors.REQUEST_ID_HEADER).orElse(null);
        if (response.statusCode() != 200) {
            GatewayException error = UpstreamErrors.forStatus(response.statusCode(), response.headers(), response.body(), json, clock);
            logEnd("blocking", error.code().name(), response.statusCode(), started);
            throw error;
        }
        try {
            JsonNode answer = json.readTree(response.body());
            if (answer == null || !answer.isObject()) {
                throw UpstreamErrors.unreadableAnswer(requestId);
            }
            logEnd("blocking", "completed", 200, started);
            return answer;
        } catch (IOException e) {
            throw UpstreamErrors.unreadableAnswer(requestId);
        }
    }

    private static GatewayException stoppedWaiting() {
        return new GatewayException(ErrorCode.SERVICE_UNAVAILABLE, "the gateway stopped waiting for Snowflake Cortex");
    }

    /** Stops the watchdog; Spring calls it when the context closes. */
    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    HttpRequest request(AgentRunInput input, boolean stream) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(requests.body(input, stream));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        HttpRequest.Builder builder = upstream.post(requests.uri(), body, stream ? "text/event-stream" : "application/json");
        if (!stream) {
            builder.timeout(properties.inactivityTimeout());
        }
        return builder.build();
    }

    private void logEnd(String kind, String outcome, int status, long startedNanos) {
        LOG.info("cortex {} run on {} ended: {} (upstream status {}, {} ms)", kind, route, outcome, status,
                (System.nanoTime() - startedNanos) / 1_000_000);
    }

    private JsonNode parseData(String data) {
        try {
            JsonNode node = json.readTree(data);
            return node == null ? TextNode.valueOf(data) : node;
        } catch (IOException e) {
            return TextNode.valueOf(data);
        }
    }

    /**
     * One streaming exchange. Events are handed to the listener under this object's lock, and the
     * terminal state is set under the same lock, so nothing reaches the listener after its terminal
     * call, whichever thread (HTTP client, watchdog, caller) ends the run.
     */
    private final class StreamingRun implements CortexRun, Flow.Subscriber<List<ByteBuffer>> {

        private final CortexEventListener listener;
        private final SseParser parser = new SseParser(this::onSseEvent);
        private final long startedNanos = System.nanoTime();
        private volatile long lastByteNanos = startedNanos;
        private volatile int status;
        private volatile String requestId;
        private volatile Flow.Subscription subscription;
        private volatile CompletableFuture<?> exchange;
        private volatile ScheduledFuture<?> watch;
        private boolean finished;
        private boolean responseSeen;

        StreamingRun(CortexEventListener listener) {
            this.listener = listener;
        }

        void start(HttpRequest request) {
            watchIn(inactivityNanos);
            CompletableFuture<HttpResponse<Void>> sent = http.sendAsync(request, this::bodyFor);
            exchange = sent;
            sent.whenComplete((response, failure) -> {
                if (failure != null) {
                    // once the stream has begun its subscriber reports the break; this is the fallback
                    finish(status == 200 ? UpstreamErrors.closedEarly(requestId) : UpstreamErrors.forException(failure));
                }
            });
            if (isFinished()) {
                sent.cancel(true);
            }
        }

        private HttpResponse.BodySubscriber<Void> bodyFor(HttpResponse.ResponseInfo info) {
            lastByteNanos = System.nanoTime();
            requestId = info.headers().firstValue(UpstreamErrors.REQUEST_ID_HEADER).orElse(null);
            status = info.statusCode();
            if (info.statusCode() == 200) {
                listener.onOpen();
                return HttpResponse.BodySubscribers.fromSubscriber(this);
            }
            return HttpResponse.BodySubscribers.fromSubscriber(new ErrorBody(info.statusCode(), info.headers()));
        }

        @Override
        public void cancel() {
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
            }
            abort();
            logEnd("streaming", "cancelled", status, startedNanos);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (isFinished()) {
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            lastByteNanos = System.nanoTime();
            try {
                for (ByteBuffer buffer : buffers) {
                    if (!parser.feed(buffer)) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                // an oversized line: the stream is not something we can follow
                finish(UpstreamErrors.unreadableAnswer(requestId));
                return;
            }
            if (!isFinished()) {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable failure) {
            endOfStream();
        }

        @Override
        public void onComplete() {
            endOfStream();
        }

        private void endOfStream() {
            boolean complete;
            synchronized (this) {
                complete = responseSeen;
            }
            finish(complete ? null : UpstreamErrors.closedEarly(requestId));
        }

        private boolean onSseEvent(SseParser.Event event) {
            synchronized (this) {
                if (finished) {
                    return false;
                }
                if ("[DONE]".equals(event.data().trim())) {
                    finish(null);
                    return false;
                }
                JsonNode data = parseData(event.data());
                boolean legacyError = properties.agent().legacy() && data.isObject() && data.has("code");
                if ("error".equals(event.name()) || legacyError) {
                    finish(UpstreamErrors.streamError(data, requestId));
                    return false;
                }
                if ("response".equals(event.name())) {
                    responseSeen = true;
                }
                try {
                    listener.onEvent(new CortexEvent(event.name(), data));
                } catch (RuntimeException e) {
                    LOG.warn("cortex event listener failed on a {} event: {}", event.name(), e.getClass().getName());
                    finish(new GatewayException(ErrorCode.INTERNAL_SERVER_ERROR, "the gateway failed while relaying the answer"));
                    return false;
                }
                return !finished;
            }
        }

        private void watchIn(long delayNanos) {
            try {
                watch = watchdog.schedule(this::checkInactivity, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                // the client is closing with the application; the exchange goes with it
            }
        }

        private void checkInactivity() {
            if (isFinished()) {
                return;
            }
            long idle = System.nanoTime() - lastByteNanos;
            if (idle < inactivityNanos) {
                watchIn(inactivityNanos - idle);
                return;
            }
            boolean complete;
            synchronized (this) {
                complete = responseSeen;
            }
            // after the response event nothing else is owed: a silent connection is the server not closing it
            finish(complete ? null : UpstreamErrors.inactive(Duration.ofNanos(inactivityNanos), requestId));
        }

        private synchronized boolean isFinished() {
            return finished;
        }

        /** Ends the run: success when {@code error} is null. Only the first call has an effect. */
        void finish(GatewayException error) {
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
            }
            abort();
            logEnd("streaming", error == null ? "completed" : error.code().name(), status, startedNanos);
            try {
                if (error == null) {
                    listener.onComplete();
                } else {
                    listener.onError(error);
                }
            } catch (RuntimeException e) {
                LOG.warn("cortex event listener failed on the end of a run: {}", e.getClass().getName());
            }
        }

        private void abort() {
            ScheduledFuture<?> pending = watch;
            if (pending != null) {
                pending.cancel(false);
            }
            Flow.Subscription body = subscription;
            if (body != null) {
                body.cancel();
            }
            CompletableFuture<?> sent = exchange;
            if (sent != null) {
                sent.cancel(true);
            }
        }

        /** Collects a refusal's body (bounded) and fails the run with its mapping. */
        private final class ErrorBody implements Flow.Subscriber<List<ByteBuffer>> {

            private final int statusCode;
            private final HttpHeaders headers;
            private final ByteArrayOutputStream body = new ByteArrayOutputStream();
            private Flow.Subscription errorSubscription;

            ErrorBody(int statusCode, HttpHeaders headers) {
                this.statusCode = statusCode;
                this.headers = headers;
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                errorSubscription = subscription;
                StreamingRun.this.subscription = subscription;
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                lastByteNanos = System.nanoTime();
                for (ByteBuffer buffer : buffers) {
                    int room = MAX_ERROR_BODY_BYTES - body.size();
                    int take = Math.min(room, buffer.remaining());
                    byte[] bytes = new byte[take];
                    buffer.get(bytes);
                    body.write(bytes, 0, take);
                }
                if (body.size() >= MAX_ERROR_BODY_BYTES) {
                    errorSubscription.cancel();
                    done();
                }
            }

            @Override
            public void onError(Throwable failure) {
                done();
            }

            @Override
            public void onComplete() {
                done();
            }

            private void done() {
                finish(UpstreamErrors.forStatus(statusCode, headers, body.toByteArray(), json, clock));
            }
        }
    }
}
