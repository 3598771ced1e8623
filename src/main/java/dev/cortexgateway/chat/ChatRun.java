package dev.cortexgateway.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.cortex.CortexEvent;
import dev.cortexgateway.cortex.CortexEventListener;
import dev.cortexgateway.cortex.CortexRun;
import dev.cortexgateway.cortex.TokenUsage;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.metrics.ChatTimings;
import dev.cortexgateway.store.HistoryStore;
import dev.cortexgateway.store.ReplayLogStore;
import dev.cortexgateway.usage.UsageMeter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat answer being produced: the upstream Cortex run writes into the stream's replay log, and
 * any number of client connections ({@link ChatReader}) read from it. The run is decoupled from the
 * connections: it goes on while nobody reads, for the grace period, and is cancelled upstream only
 * when that passes with no reader attached here and no reader lease in the log (a client that
 * resumed on another instance renews one). Only this run writes the stream's history.
 *
 * <p>When the log cannot be written (a shared store that does not answer), the run ends: its local
 * readers get an {@code error} event sent directly, the upstream is cancelled, and no history is
 * written for an answer no client could receive whole.
 */
final class ChatRun implements CortexEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChatRun.class);

    private final String streamId;
    private final UUID sessionId;
    private final String owner;
    private final String traceId;
    private final HistoryStore.Message userMessage;
    private final ChatEventMapper mapper;
    private final ReplayLogStore log;
    private final ConversationHistory history;
    private final ObjectMapper json;
    private final Executor readerExecutor;
    private final ScheduledExecutorService scheduler;
    private final Duration gracePeriod;
    private final Runnable onAbandoned;
    private final ChatTimings timings;
    private final AtomicBoolean draining;

    private final CompletableFuture<Void> accepted = new CompletableFuture<>();
    private final Set<ChatReader> readers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicReference<Runnable> onEnded = new AtomicReference<>();
    private final AtomicBoolean endedNotified = new AtomicBoolean();
    private volatile CortexRun upstream;
    /** The request's usage (usage/UsageMeter), finished when the run ends; null when not metered. */
    private volatile UsageMeter usage;
    private volatile String outcome = "cancelled";
    private ScheduledFuture<?> abandonTimer;
    /** When the upstream event being turned into client events arrived (nanoTime). */
    private volatile long eventArrived;

    ChatRun(ChatRunContext context, String streamId, UUID sessionId, String owner, String traceId,
            HistoryStore.Message userMessage, UUID assistantMessageId, Runnable onAbandoned, ChatTimings timings) {
        this.streamId = streamId;
        this.sessionId = sessionId;
        this.owner = owner;
        this.traceId = traceId;
        this.userMessage = userMessage;
        this.log = context.log();
        this.history = context.history();
        this.json = context.json();
        this.readerExecutor = context.readerExecutor();
        this.scheduler = context.scheduler();
        this.gracePeriod = context.gracePeriod();
        this.onAbandoned = onAbandoned;
        this.timings = timings;
        this.draining = context.draining();
        this.mapper = new ChatEventMapper(json, context.clock(), streamId, assistantMessageId, context.unknownEvents(),
                context.toolKinds());
    }

    String streamId() {
        return streamId;
    }

    UUID sessionId() {
        return sessionId;
    }

    String owner() {
        return owner;
    }

    boolean isFinished() {
        return finished.get();
    }

    /** Completes when the upstream accepted the run; fails with the upstream's refusal. */
    CompletableFuture<Void> accepted() {
        return accepted;
    }

    /** Runs {@code action} once when the run has ended, however it ended (at once if it already has). */
    void whenEnded(Runnable action) {
        onEnded.set(action);
        if (finished.get()) {
            ended();
        }
    }

    private void ended() {
        UsageMeter meter = usage;
        if (meter != null) {
            meter.finish(outcome, false);
        }
        Runnable action = onEnded.get();
        if (action != null && endedNotified.compareAndSet(false, true)) {
            action.run();
        }
    }

    void upstream(CortexRun run) {
        this.upstream = run;
    }

    void usage(UsageMeter meter) {
        this.usage = meter;
    }

    @Override
    public void onOpen() {
        accepted.complete(null);
    }

    @Override
    public void onEvent(CortexEvent event) {
        eventArrived = System.nanoTime();
        accepted.complete(null);
        synchronized (this) {
            if (finished.get()) {
                return;
            }
            for (ChatEvent chatEvent : mapper.map(event)) {
                if (!append(chatEvent)) {
                    return;
                }
            }
        }
        if ("response".equals(event.name())) {
            List<TokenUsage> reported = TokenUsage.of(event);
            for (TokenUsage usage : reported) {
                timings.tokens(usage.model(), usage.inputTokens(), usage.outputTokens());
            }
            UsageMeter meter = usage;
            if (meter != null) {
                meter.tokens(reported);
            }
            // Cortex's last event: the answer is whole, so clients need not wait for EOF or [DONE]
            onComplete();
            return;
        }
        notifyReaders();
    }

    @Override
    public void onComplete() {
        eventArrived = System.nanoTime();
        accepted.complete(null);
        synchronized (this) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            outcome = "ok";
            timings.finished(null);
            ChatEvent finalEvent = mapper.finish();
            if (append(finalEvent)) {
                completeLog();
                history.record(sessionId, owner, userMessage, mapper.assistantMessage());
            }
        }
        ended();
        notifyReaders();
    }

    @Override
    public void onError(GatewayException error) {
        eventArrived = System.nanoTime();
        if (!finished.get()) {
            outcome = "error";
        }
        timings.finished(error.code().name());
        if (accepted.completeExceptionally(error)) {
            // refused before the stream opened: the chat request answers it as a plain HTTP error
            finished.set(true);
            // no answer, no tokens: the meter stays with the request (a retry attempt's run takes it)
            usage = null;
            // nobody can have read it (the request answers the refusal): no resume may find it
            discardLog();
            ended();
            return;
        }
        synchronized (this) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            if (append(new ChatEvent("error", ChatErrorEvents.event(json, error, traceId)))) {
                completeLog();
            }
        }
        ended();
        notifyReaders();
    }

    /** A client connection starts reading after {@code afterSeq}; the run stays alive while one reads. */
    void attach(ChatReader reader) {
        synchronized (this) {
            readers.add(reader);
            if (abandonTimer != null) {
                abandonTimer.cancel(false);
                abandonTimer = null;
            }
        }
        reader.stream().onClose(() -> detach(reader));
        readerExecutor.execute(reader::drain);
    }

    private void detach(ChatReader reader) {
        synchronized (this) {
            readers.remove(reader);
            if (readers.isEmpty() && !finished.get() && abandonTimer == null) {
                abandonTimer = scheduler.schedule(this::abandonIfUnread, gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void abandonIfUnread() {
        synchronized (this) {
            abandonTimer = null;
            // while draining, readers left because they were told to resume elsewhere: the run
            // goes on filling the replay log they resume from (ChatRuns.drain bounds it)
            if (draining.get() || !readers.isEmpty() || finished.get()) {
                return;
            }
            if (readByAnotherInstance()) {
                abandonTimer = scheduler.schedule(this::abandonIfUnread, gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            finished.set(true);
            // an abandoned stream cannot be resumed, here or on another instance
            discardLog();
        }
        timings.finished("cancelled");
        CortexRun run = upstream;
        if (run != null) {
            run.cancel();
        }
        ended();
        onAbandoned.run();
    }

    /**
     * The drain timeout passed before the upstream finished: the run ends with an error event (so a
     * client resuming from the replay log elsewhere is told, instead of waiting) and is cancelled
     * upstream.
     */
    void cutShort() {
        synchronized (this) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            GatewayException stopped = new GatewayException(ErrorCode.SERVICE_UNAVAILABLE,
                    "The gateway instance stopped before the answer was complete", "Send the chat request again",
                    Map.of());
            if (append(new ChatEvent("error", ChatErrorEvents.event(json, stopped, traceId)))) {
                completeLog();
            }
        }
        timings.finished("cancelled");
        CortexRun run = upstream;
        if (run != null) {
            run.cancel();
        }
        ended();
        notifyReaders();
    }

    /** The {@code error} event data a reader of this run sends for a failure it reports itself. */
    String errorJson(GatewayException error) {
        return ChatErrorEvents.eventJson(json, error, traceId);
    }

    /** A reader wrote an event of {@code type} to its client. */
    void sent(String type) {
        timings.sent(type);
    }

    /** @return false when the event could not be stored: the run has then ended */
    private boolean append(ChatEvent event) {
        timings.produced(eventArrived);
        try {
            log.append(streamId, event.type(), toJson(event.data()));
            return true;
        } catch (IllegalStateException logGone) {
            // the log was evicted (more live streams than gateway.stores.in-process.replay.max-streams)
            // or expired: nobody can read this stream any more, so stop paying for it upstream
            stop();
            return false;
        } catch (RuntimeException storeDown) {
            // a shared log that does not answer: end the run, with an error event to whoever reads here
            LOG.warn("Chat stream ended: its replay log cannot be written ({})", storeDown.getClass().getSimpleName());
            GatewayException error = new GatewayException(ErrorCode.SERVICE_UNAVAILABLE,
                    "The chat stream cannot be continued: its events cannot be stored", "Send the chat request again later",
                    Map.of());
            for (ChatReader reader : readers) {
                readerExecutor.execute(() -> reader.fail(error));
            }
            stop();
            return false;
        }
    }

    private void stop() {
        if (!finished.get()) {
            outcome = "error";
        }
        finished.set(true);
        CortexRun run = upstream;
        if (run != null) {
            run.cancel();
        }
        ended();
        onAbandoned.run();
    }

    private void completeLog() {
        try {
            log.complete(streamId);
        } catch (RuntimeException storeDown) {
            // readers already have the terminal event; the log expires by its TTL
            LOG.warn("Chat stream's replay log could not be marked complete ({})", storeDown.getClass().getSimpleName());
        }
    }

    private void discardLog() {
        try {
            log.discard(streamId);
        } catch (RuntimeException storeDown) {
            LOG.warn("Chat stream's replay log could not be discarded ({})", storeDown.getClass().getSimpleName());
        }
    }

    private boolean readByAnotherInstance() {
        try {
            return log.hasReaders(streamId);
        } catch (RuntimeException storeDown) {
            // nobody elsewhere can read a log that does not answer
            return false;
        }
    }

    private void notifyReaders() {
        for (ChatReader reader : readers) {
            readerExecutor.execute(reader::drain);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chat event is not serializable", e);
        }
    }
}
