package dev.cortexgateway.chat;

import dev.cortexgateway.sse.SseStream;
import dev.cortexgateway.store.ReplayLogStore;
import java.util.Optional;

/**
 * One client connection reading a stream's replay log: first what it missed, then the live tail.
 * It sends every event after the last one it sent, in order, so a reconnect sees no gap and no
 * duplicate however notifications interleave.
 */
final class ChatReader {

    private final ChatRun run;
    private final SseStream stream;
    private final ReplayLogStore log;
    private long lastSent;

    ChatReader(ChatRun run, SseStream stream, ReplayLogStore log, long afterSeq) {
        this.run = run;
        this.stream = stream;
        this.log = log;
        this.lastSent = afterSeq;
    }

    SseStream stream() {
        return stream;
    }

    /** Sends whatever the log holds beyond what this reader has sent; ends the response after the terminal event. */
    synchronized void drain() {
        if (!stream.isOpen()) {
            return;
        }
        Optional<ReplayLogStore.Replay> replay = log.readFrom(run.streamId(), lastSent);
        if (replay.isEmpty()) {
            // the log expired under a slow reader: nothing more can be sent without a hole
            stream.complete();
            return;
        }
        if (replay.get().gap()) {
            stream.eventJson(run.streamId() + ":" + lastSent, "error", run.gapErrorJson());
            stream.complete();
            return;
        }
        for (ReplayLogStore.Event event : replay.get().events()) {
            if (!stream.eventJson(run.streamId() + ":" + event.seq(), event.type(), event.data())) {
                return;
            }
            lastSent = event.seq();
            run.sent(event.type());
        }
        if (replay.get().complete()) {
            stream.complete();
        }
    }
}
