package dev.cortexgateway.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
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
        SseEmitter emitter = new SseEmitter(NO_TIMEOUT);
        SseStream stream = new SseStream(emitter, json);
        Runnable ended = () -> {
            stream.closedByContainer();
            heartbeats.forget(stream);
        };
        emitter.onCompletion(ended);
        emitter.onTimeout(ended);
        emitter.onError(error -> ended.run());
        stream.retry(properties.retry());
        heartbeats.watch(stream);
        return stream;
    }
}
