package dev.cortexgateway.sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open SSE response: writes framed events onto a Spring MVC {@link SseEmitter}, which holds no
 * thread while the stream is idle. Every write reports whether the client is still there; the first
 * failed write closes the stream, because a servlet container only notices a vanished client when
 * a write to it fails.
 */
public final class SseStream {

    private static final MediaType UTF8_TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final SseEmitter emitter;
    private final ObjectMapper json;
    private final ReentrantLock writes = new ReentrantLock();
    private volatile long lastOutputNanos = System.nanoTime();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    /** The id of the last event written: what the client will send as Last-Event-ID. */
    private volatile String lastEventId;
    /** What a client resumes, named in the reconnect event; null for streams nobody resumes. */
    private volatile String streamId;

    SseStream(SseEmitter emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    /** What a Spring MVC handler returns to start the response. */
    public SseEmitter emitter() {
        return emitter;
    }

    /** Names the stream a client resumes after a {@link #reconnect} (the chat stream's id). */
    public void resumableAs(String streamId) {
        this.streamId = streamId;
    }

    public boolean isOpen() {
        return open.get();
    }

    /**
     * Sends {@code payload} as JSON in an event named {@code name}.
     *
     * @return false when the client has gone (the stream is then closed)
     * @throws IllegalArgumentException when the payload cannot be serialized, which is a gateway
     *                                  bug and not a client that went away
     */
    public boolean event(String id, String name, Object payload) {
        String data;
        try {
            data = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("SSE payload is not serializable: " + payload.getClass().getName(), e);
        }
        return write(id, SseFrames.event(id, name, data));
    }

    /**
     * Sends {@code json}, already serialized, in an event named {@code name}: for events that were
     * stored as JSON text (the replay log) and must reach every reader byte for byte the same.
     *
     * @return false when the client has gone (the stream is then closed)
     */
    public boolean eventJson(String id, String name, String json) {
        return write(id, SseFrames.event(id, name, json));
    }

    /**
     * Sends {@code data} (one line: serialized JSON, or OpenAI's {@code [DONE]}) as a bare
     * {@code data:} event, without id or event name.
     *
     * @return false when the client has gone (the stream is then closed)
     */
    public boolean data(String data) {
        return write(SseFrames.data(data));
    }

    /**
     * Tells the client to reconnect (this instance is going away) and ends the response: a
     * {@code reconnect} event without an id, so the client's Last-Event-ID stays the last event it
     * got, carrying {@code {"type":"reconnect","streamId","lastEventId","retryMs"}} and a
     * {@code retry:} field.
     *
     * @return false when the stream was already closed or the client had gone
     */
    public boolean reconnect(Duration retry) {
        boolean sent;
        writes.lock();
        try {
            ObjectNode data = json.createObjectNode().put("type", "reconnect").put("streamId", streamId)
                    .put("lastEventId", lastEventId).put("retryMs", retry.toMillis());
            sent = writeLocked(SseFrames.unidentified("reconnect", data.toString(), retry));
        } finally {
            writes.unlock();
        }
        complete();
        return sent;
    }

    /** Runs {@code listener} once when the stream closes, whoever closes it (at once if it is closed). */
    public void onClose(Runnable listener) {
        closeListeners.add(listener);
        if (!open.get() && closeListeners.remove(listener)) {
            listener.run();
        }
    }

    /** @return false when the client has gone (the stream is then closed) */
    public boolean retry(Duration delay) {
        return write(SseFrames.retry(delay));
    }

    /** @return false when the client has gone (the stream is then closed) */
    public boolean comment(String text) {
        return write(SseFrames.comment(text));
    }

    /** Ends the response normally; further writes report the stream as gone. */
    public void complete() {
        if (close()) {
            completeEmitter();
        }
    }

    /**
     * Sends a heartbeat when nothing was written for {@code intervalNanos}.
     *
     * @return false when the stream is closed or the client has gone
     */
    boolean heartbeatIfSilent(long intervalNanos, long nowNanos) {
        if (!open.get()) {
            return false;
        }
        if (nowNanos - lastOutputNanos < intervalNanos) {
            return true;
        }
        // a write in progress is output; waiting for it would stall every other stream's heartbeat
        if (!writes.tryLock()) {
            return true;
        }
        try {
            return writeLocked(SseFrames.HEARTBEAT);
        } finally {
            writes.unlock();
        }
    }

    /** The container ended the response (completion, error, timeout): stop writing to it. */
    void closedByContainer() {
        close();
    }

    private boolean write(String frame) {
        return write(null, frame);
    }

    private boolean write(String eventId, String frame) {
        writes.lock();
        try {
            boolean written = writeLocked(frame);
            if (written && eventId != null) {
                lastEventId = eventId;
            }
            return written;
        } finally {
            writes.unlock();
        }
    }

    private boolean writeLocked(String frame) {
        if (!open.get()) {
            return false;
        }
        try {
            emitter.send(Set.of(new DataWithMediaType(frame, UTF8_TEXT)));
            lastOutputNanos = System.nanoTime();
            return true;
        } catch (IOException | IllegalStateException clientGone) {
            // IOException: broken pipe or reset; IllegalStateException: the emitter was completed
            // by the container in between. Either way nobody reads this stream any more.
            if (close()) {
                completeEmitter();
            }
            return false;
        }
    }

    private void completeEmitter() {
        try {
            emitter.complete();
        } catch (IllegalStateException alreadyEnded) {
            // Tomcat refuses application threads once it has reported an error (the client went
            // away) on the async request: the container has ended the response itself already.
        }
    }

    /** @return true for the one caller that actually closed it */
    private boolean close() {
        if (!open.compareAndSet(true, false)) {
            return false;
        }
        for (Runnable listener : closeListeners) {
            if (closeListeners.remove(listener)) {
                listener.run();
            }
        }
        return true;
    }
}
