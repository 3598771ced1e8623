package dev.cortexgateway.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Opens SSE streams: retry hint first, then heartbeats on silence until the stream ends. */
@Component
public final class SseStreams {

    /** No servlet async timeout: a stream ends when its producer or its client ends it. */
    private static final long NO_TIMEOUT = 0L;

    private final SseProperties properties;
    private final SseHeartbeats heartbeats;
    private final ObjectMapper json;
    /** Set once the instance drains: the retry delay every stream opened from then on is told at once. */
    private volatile Duration drainingRetry;

    public SseStreams(SseProperties properties, SseHeartbeats heartbeats, ObjectMapper json) {
        this.properties = properties;
        this.heartbeats = heartbeats;
        this.json = json;
    }

    /**
     * A new stream, already carrying its retry hint. Return {@link SseStream#emitter()} from the
     * handler; events sent before that are buffered by Spring and written first.
     */
    public SseStream open() {
        return open(null);
    }

    /**
     * A new stream a client can resume as {@code streamId} (named in its {@code reconnect} event).
     */
    public SseStream open(String streamId) {
        SseEmitter emitter = new SseEmitter(NO_TIMEOUT);
        SseStream stream = new SseStream(emitter, json);
        stream.resumableAs(streamId);
        Runnable ended = () -> {
            stream.closedByContainer();
            heartbeats.forget(stream);
        };
        emitter.onCompletion(ended);
        emitter.onTimeout(ended);
        emitter.onError(error -> ended.run());
        stream.retry(properties.retry());
        heartbeats.watch(stream);
        Duration draining = drainingRetry;
        if (draining != null) {
            // opened while the drain below went by: sent before the handler returns, then completed
            stream.reconnect(draining);
        }
        return stream;
    }

    /**
     * A stream no HTTP response carries and no heartbeat watches: for a reader that collects a
     * stream's events into one answer (openai/'s non-streaming completions). Close it with
     * {@link SseStream#complete()} when the answer is taken or its client has gone.
     */
    public SseStream detached() {
        return new SseStream(new SseEmitter(NO_TIMEOUT), json);
    }

    /**
     * Sends every open stream a {@code reconnect} event and ends it (graceful shutdown).
     *
     * @return how many streams were told
     */
    public int reconnectAll(Duration retry) {
        // first the flag, then the sweep: a stream opening meanwhile is caught by one or the other
        drainingRetry = retry;
        int told = 0;
        for (SseStream stream : heartbeats.streams()) {
            if (stream.reconnect(retry)) {
                told++;
            }
            heartbeats.forget(stream);
        }
        return told;
    }
}
