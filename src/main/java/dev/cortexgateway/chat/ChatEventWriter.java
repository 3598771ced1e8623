package dev.cortexgateway.chat;

/**
 * Where a reader puts each event of a stream's replay log: the chat contract's SSE events by default
 * ({@code SseStream.eventJson}); another client protocol translates them instead (openai/ writes
 * OpenAI chunks, or collects a whole answer).
 */
@FunctionalInterface
public interface ChatEventWriter {

    /**
     * @param id   the event id, {@code <streamId>:<seq>}
     * @param type the chat contract's event type ({@code token}, {@code tool_call}, {@code final}, {@code error})
     * @param json the event's data as stored
     * @return false when the client has gone
     */
    boolean write(String id, String type, String json);
}
