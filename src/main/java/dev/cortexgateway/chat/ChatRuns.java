package dev.cortexgateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cortexgateway.config.CortexProperties;
import dev.cortexgateway.config.InProcessStoreProperties;
import dev.cortexgateway.cortex.AgentRunInput;
import dev.cortexgateway.cortex.CortexAgentClient;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.metrics.ChatTimings;
import dev.cortexgateway.metrics.GatewayOverhead;
import dev.cortexgateway.metrics.GenAiMetrics;
import dev.cortexgateway.route.RequestContext;
import dev.cortexgateway.sse.SseStream;
import dev.cortexgateway.store.HistoryStore;
import dev.cortexgateway.store.ReplayLogStore;
import dev.cortexgateway.tools.kinds.ToolKinds;
import dev.cortexgateway.usage.UsageMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The dispatch step of the chat pipeline (routes/chat.yaml): starts a Cortex run for a new chat
 * request, or finds the running/finished stream a reconnecting client resumes. Leaves a
 * {@link ChatAttachment} in the exchange for the SSE bridge ({@link ChatStreamController}).
 *
 * <p>A stream whose run lives on this instance is read from the run; one that runs on another
 * instance (a shared replay log store) is checked against the owner the log names and followed
 * from the log by {@link RemoteChatReaders}. Either way the client sees the same events with the
 * same ids, and only the run's own instance writes history.
 *
 * <p>Its executors are private on purpose: an {@code Executor} bean would make Spring Boot skip the
 * request executor that platform-http serves routes on.
 */
@Component("chatRuns")
public final class ChatRuns implements DisposableBean {

    private static final long DRAIN_POLL_MILLIS = 50;
    private static final Pattern LAST_EVENT_ID = Pattern.compile("^([0-9a-f-]{36}):(\\d{1,18})$");

    private final CortexAgentClient cortex;
    private final ReplayLogStore log;
    private final ChatProperties properties;
    private final Clock clock;
    private final Cache<String, ChatRun> runs;
    private final ExecutorService readerExecutor = Executors.newFixedThreadPool(4, daemon("chat-reader"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("chat-grace"));
    private final ScheduledExecutorService tailTicker = Executors.newSingleThreadScheduledExecutor(daemon("chat-tail"));
    private final RemoteChatReaders remoteReaders;
    private final ObjectMapper json;
    private final AtomicLong unknownEvents = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ChatRunContext context;
    private final GenAiMetrics genAi;
    private final GatewayOverhead overhead;

    public ChatRuns(CortexAgentClient cortex, ReplayLogStore log, ConversationHistory history, ObjectMapper json,
                    ChatProperties properties, InProcessStoreProperties stores, Clock clock, GenAiMetrics genAi,
                    GatewayOverhead overhead, CortexProperties cortexProperties, ToolKinds toolKinds) {
        this.cortex = cortex;
        this.json = json;
        this.log = log;
        this.properties = properties;
        this.clock = clock;
        this.genAi = genAi;
        this.overhead = overhead;
        // a run is findable for resume as long as its replay log lives
        this.runs = Caffeine.newBuilder().expireAfterAccess(stores.replay().ttl()).build();
        this.context = new ChatRunContext(log, history, json, clock, readerExecutor, scheduler, properties.gracePeriod(),
                unknownEvents, draining, toolKinds);
        this.remoteReaders = new RemoteChatReaders(log, readerExecutor, tailTicker, properties.remotePollInterval(),
                properties.readerLease(), cortexProperties.inactivityTimeout());
    }

    /** {@code POST /api/v1/chat} without {@code Last-Event-ID}: starts a new Cortex run. */
    public void dispatch(Exchange exchange) {
        refuseWhileDraining();
        ChatRun run = start(exchange);
        ChatRunSlots.Slot slot = exchange.getProperty(ExchangeKeys.CHAT_RUN_SLOT, ChatRunSlots.Slot.class);
        if (slot != null) {
            slot.handOverTo(run);
        }
        exchange.setProperty(ExchangeKeys.CHAT_ATTACHMENT, ChatAttachment.local(run, 0, RequestContext.traceId(exchange)));
    }

    /** {@code POST /api/v1/chat} with {@code Last-Event-ID}: the client resumes its stream (no upstream call). */
    public void reattach(Exchange exchange) {
        refuseWhileDraining();
        String lastEventId = exchange.getIn().getHeader("Last-Event-ID", String.class);
        Matcher id = parseLastEventId(lastEventId == null ? "" : lastEventId);
        JsonNode request = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        exchange.setProperty(ExchangeKeys.CHAT_ATTACHMENT, attachment(id.group(1), Owner.of(exchange), request.path("sessionId").asText(),
                Long.parseLong(id.group(2)), RequestContext.traceId(exchange)));
    }

    /** {@code GET /api/v1/chat/streams/{streamId}}: resume (EventSource style) after {@code Last-Event-ID}, or from the start. */
    public void resume(Exchange exchange) {
        refuseWhileDraining();
        String streamId = exchange.getIn().getHeader("streamId", String.class);
        String lastEventId = exchange.getIn().getHeader("Last-Event-ID", String.class);
        long after = 0;
        if (lastEventId != null && !lastEventId.isBlank()) {
            Matcher id = parseLastEventId(lastEventId);
            if (!id.group(1).equals(streamId)) {
                throw new GatewayException(ErrorCode.INVALID_REQUEST, "Last-Event-ID belongs to another stream",
                        "Send the id of the last event received on this stream", Map.of("header", "Last-Event-ID"));
            }
            after = Long.parseLong(id.group(2));
        }
        exchange.setProperty(ExchangeKeys.CHAT_ATTACHMENT, attachment(streamId, Owner.of(exchange), null, after, RequestContext.traceId(exchange)));
    }

    /** The SSE bridge's step: serves the attached stream on {@code stream}, from the local run or the shared log. */
    void serve(ChatAttachment attachment, SseStream stream) {
        serve(attachment, stream, stream::eventJson);
    }

    /**
     * Serves the attached stream through {@code writer}, which turns each chat event into another
     * protocol's output (openai/): the run, its grace period, history and metrics stay the chat's.
     */
    public void serve(ChatAttachment attachment, SseStream stream, ChatEventWriter writer) {
        ChatRun run = attachment.localRun();
        if (run != null) {
            run.attach(new ChatReader(run.streamId(), stream, log, attachment.afterSeq(), run::errorJson, run::sent, writer));
            return;
        }
        remoteReaders.follow(new ChatReader(attachment.streamId(), stream, log, attachment.afterSeq(),
                error -> ChatErrorEvents.eventJson(json, error, attachment.traceId()), type -> { }, writer));
    }

    /**
     * Graceful shutdown: refuses new streams from now on and waits up to {@code timeout} for the
     * running upstream runs to finish writing their replay logs (clients resume them elsewhere);
     * the runs still going then are cut short.
     *
     * @return how many runs were cut short
     */
    public int drain(Duration timeout) throws InterruptedException {
        draining.set(true);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(DRAIN_POLL_MILLIS);
        }
        int cut = 0;
        for (ChatRun run : runs.asMap().values()) {
            if (!run.isFinished()) {
                run.cutShort();
                cut++;
            }
        }
        return cut;
    }

    /** Upstream runs not finished yet. */
    public int running() {
        return (int) runs.asMap().values().stream().filter(run -> !run.isFinished()).count();
    }

    /** Runs held for resume now, finished or not, the expired ones evicted first: for tests that check nothing is kept. */
    public long held() {
        runs.cleanUp();
        return runs.estimatedSize();
    }

    private void refuseWhileDraining() {
        if (draining.get()) {
            // Retry-After 1: the load balancer has another instance for the retry
            throw new GatewayException(ErrorCode.SERVICE_UNAVAILABLE, "This gateway instance is shutting down",
                    "Send the request again: another instance answers it", Map.of("retryAfterSeconds", 1));
        }
    }

    /** Unknown Cortex events seen so far (ignored, never fatal). */
    public long unknownEvents() {
        return unknownEvents.get();
    }

    private ChatRun start(Exchange exchange) {
        JsonNode request = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        UUID sessionId = UUID.fromString(request.path("sessionId").asText());
        HistoryStore.Message userMessage = lastUserMessage(request.path("messages"));
        String streamId = UUID.randomUUID().toString();
        try {
            log.open(streamId, new ReplayLogStore.Owner(Owner.of(exchange).key(), sessionId.toString()));
        } catch (RuntimeException storeDown) {
            // without its log no client could read or resume the stream: refuse before calling Cortex
            throw storeUnavailable();
        }
        ChatTimings timings = new ChatTimings(genAi, overhead, exchange.getFromRouteId(),
                GatewayOverhead.startedNanos(exchange));
        ChatRun run = new ChatRun(context, streamId, sessionId, Owner.of(exchange).key(), RequestContext.traceId(exchange),
                userMessage, UUID.randomUUID(), () -> runs.invalidate(streamId), timings);
        runs.put(streamId, run);
        run.usage(UsageMeter.on(exchange));
        AgentRunInput input = input(request.path("messages"));
        timings.upstreamCalled();
        run.upstream(cortex.run(input, run));
        try {
            run.accepted().get(properties.openWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException refused) {
            // the run discarded its log when it was refused
            runs.invalidate(streamId);
            if (refused.getCause() instanceof GatewayException known) {
                throw known;
            }
            throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "Cortex did not accept the chat request", null, Map.of());
        } catch (TimeoutException slowUpstream) {
            // the stream opens now and heartbeats until the upstream's first byte
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new GatewayException(ErrorCode.SERVICE_UNAVAILABLE, "The gateway is shutting down", null, Map.of());
        }
        return run;
    }

    /**
     * The caller's stream, checked against the owner its log names (another owner's stream answers
     * like an unknown one: ids are not secrets, but streams are).
     *
     * @param sessionId the session the resuming request names, or null when it names none (GET)
     */
    private ChatAttachment attachment(String streamId, Owner caller, String sessionId, long after, String traceId) {
        Optional<ReplayLogStore.Owner> owner;
        try {
            owner = log.owner(streamId);
        } catch (RuntimeException storeDown) {
            throw storeUnavailable();
        }
        if (owner.isEmpty() || !owner.get().owner().equals(caller.key())
                || (sessionId != null && !owner.get().sessionId().equals(sessionId))) {
            throw streamNotFound();
        }
        ChatRun run = runs.getIfPresent(streamId);
        if (run != null) {
            return ChatAttachment.local(run, after, traceId);
        }
        try {
            remoteReaders.announce(streamId);
        } catch (RuntimeException storeDown) {
            throw storeUnavailable();
        }
        return ChatAttachment.remote(streamId, after, traceId);
    }

    private static GatewayException storeUnavailable() {
        // like the other shared stores' refusals (store/redis/SharedStateUnavailable): kind named, Retry-After 5
        return new GatewayException(ErrorCode.SERVICE_UNAVAILABLE, "The gateway's shared replay-logs store is unavailable",
                "Retry after Retry-After seconds", Map.of("store", "replay-logs", "retryAfterSeconds", 5));
    }

    private static Matcher parseLastEventId(String lastEventId) {
        Matcher id = LAST_EVENT_ID.matcher(lastEventId.trim());
        if (!id.matches()) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "Last-Event-ID is not an event id of this gateway",
                    "Send the id: of the last event received, e.g. <streamId>:<n>", Map.of("header", "Last-Event-ID"));
        }
        return id;
    }

    private static GatewayException streamNotFound() {
        return new GatewayException(ErrorCode.STREAM_NOT_FOUND, "No such stream, or it has expired",
                "Send the chat request again without Last-Event-ID", Map.of());
    }

    /**
     * The turn to answer: Cortex answers the last user or assistant turn only when it is a user turn
     * with text, and refuses anything else with a 400 that would reach the client as a 502; so such a
     * request is the client's mistake, answered here.
     */
    private HistoryStore.Message lastUserMessage(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText();
            if (!isTurn(message)) {
                continue;
            }
            if ("user".equals(role) && hasText(message)) {
                return new HistoryStore.Message(message.path("id").asText(), "user", message.path("content").asText(),
                        Instant.parse(message.path("timestamp").asText()), null, null);
            }
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "The chat request does not end with a user question",
                    "The last user or assistant message must have role user and some text", Map.of("fields",
                    List.of(Map.of("field", "/messages/" + i, "message", "user".equals(role)
                            ? "content has no text" : "the last turn must have role user"))));
        }
        throw new GatewayException(ErrorCode.INVALID_REQUEST, "The chat request has no user message",
                "The last turn to answer must have role user", Map.of("fields", List.of(Map.of("field", "/messages",
                "message", "no message with role user"))));
    }

    /** Cortex takes user and assistant turns; tool and system turns are the gateway's own bookkeeping. */
    private static boolean isTurn(JsonNode message) {
        String role = message.path("role").asText();
        return role.equals("user") || role.equals("assistant");
    }

    private static boolean hasText(JsonNode message) {
        return message.path("content").asText().codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isISOControl(c));
    }

    private static AgentRunInput input(JsonNode messages) {
        List<AgentRunInput.Message> turns = new ArrayList<>();
        for (JsonNode message : messages) {
            // a turn without text tells Cortex nothing, and Cortex refuses empty content
            if (isTurn(message) && hasText(message)) {
                turns.add(new AgentRunInput.Message(message.path("role").asText(), message.path("content").asText()));
            }
        }
        return new AgentRunInput(turns);
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
        tailTicker.shutdownNow();
        readerExecutor.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
