package dev.cortexgateway.chat;

/**
 * What the dispatch step hands the SSE bridge: the stream to read and where in its log to start.
 *
 * @param localRun the run writing the stream when it lives on this instance; null when it runs on
 *                 another instance, whose log is then followed from the shared store
 * @param traceId  the trace id of the request that attaches (for errors a follower reports itself)
 */
public record ChatAttachment(String streamId, long afterSeq, ChatRun localRun, String traceId) {

    static ChatAttachment local(ChatRun run, long afterSeq, String traceId) {
        return new ChatAttachment(run.streamId(), afterSeq, run, traceId);
    }

    static ChatAttachment remote(String streamId, long afterSeq, String traceId) {
        return new ChatAttachment(streamId, afterSeq, null, traceId);
    }
}
