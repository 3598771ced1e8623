package dev.cortexgateway.chat;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.sse.SseStream;
import dev.cortexgateway.store.ReplayLogStore;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One client connection reading a stream's replay log: first what it missed, then the live tail.
 * It sends every event after the last one it sent, in order, so a reconnect sees no gap and no
 * duplicate however notifications interleave. Who calls {@link #drain} decides how the tail is
 * noticed: the local run after each event, or a {@link RemoteChatReaders follower} that polls.
 */
final class ChatReader {

    private final String streamId;
    private final SseStream stream;
    private final ReplayLogStore log;
    private final Function<GatewayException, String> errorJson;
    private final Consumer<String> onSent;
    private final ChatEventWriter writer;
    private volatile long lastSent;

    /**
     * @param errorJson the {@code error} event's data for a failure this reader reports itself
     * @param onSent    told the type of every event written to the client
     */
    ChatReader(String streamId, SseStream stream, ReplayLogStore log, long afterSeq,
               Function<GatewayException, String> errorJson, Consumer<String> onSent) {
        this(streamId, stream, log, afterSeq, errorJson, onSent, stream::eventJson);
    }

    /** @param writer what each event becomes on {@code stream} (another protocol than the chat contract's events) */
    ChatReader(String streamId, SseStream stream, ReplayLogStore log, long afterSeq,
               Function<GatewayException, String> errorJson, Consumer<String> onSent, ChatEventWriter writer) {
        this.writer = writer;
        this.streamId = streamId;
        this.stream = stream;
        this.log = log;
        this.lastSent = afterSeq;
        this.errorJson = errorJson;
        this.onSent = onSent;
    }

    String streamId() {
        return streamId;
    }

    SseStream stream() {
        return stream;
    }

    /** The sequence number of the last event this reader sent (or the one it resumed after). */
    long lastSent() {
        return lastSent;
    }

    /** Sends whatever the log holds beyond what this reader has sent; ends the response after the terminal event. */
    synchronized void drain() {
        if (!stream.isOpen()) {
            return;
        }
        Optional<ReplayLogStore.Replay> replay;
        try {
            replay = log.readFrom(streamId, lastSent);
        } catch (RuntimeException storeDown) {
            // a shared log that does not answer (Redis down): say so rather than hang
            fail(new GatewayException(ErrorCode.SERVICE_UNAVAILABLE, "The stream's events cannot be read right now",
                    "Resume later with Last-Event-ID", Map.of()));
            return;
        }
        if (replay.isEmpty()) {
            // the log expired under a slow reader, or the run was abandoned: nothing more can be sent without a hole
            stream.complete();
            return;
        }
        if (replay.get().gap()) {
            fail(new GatewayException(ErrorCode.STREAM_NOT_FOUND, "Events of this stream are no longer kept",
                    "Start a new chat request", Map.of()));
            return;
        }
        for (ReplayLogStore.Event event : replay.get().events()) {
            if (!writer.write(streamId + ":" + event.seq(), event.type(), event.data())) {
                return;
            }
            lastSent = event.seq();
            onSent.accept(event.type());
        }
        if (replay.get().complete()) {
            stream.complete();
        }
    }

    /**
     * Ends the response with an {@code error} event that is not in the log. Its id repeats the last
     * event sent, so a client resuming after it gets the events it has not seen.
     */
    synchronized void fail(GatewayException error) {
        if (stream.isOpen()) {
            writer.write(streamId + ":" + lastSent, "error", errorJson.apply(error));
            stream.complete();
        }
    }
}
