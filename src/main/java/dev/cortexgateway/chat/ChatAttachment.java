package dev.cortexgateway.chat;

/** What the dispatch step hands the SSE bridge: the run to read and where in its log to start. */
public record ChatAttachment(ChatRun run, long afterSeq) {
}
