package dev.cortexgateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Conversation history: written by the chat pipeline once a stream has finished, read page by page
 * by the session's owner. Message bodies are kept as the client contract shapes them, with tool calls
 * and annotations as JSON text the store does not look into.
 */
public interface HistoryStore extends StateStore {

    /**
     * Makes {@code owner} (an {@code identity.Owner} key) the owner of a new session, or confirms it already is.
     *
     * @return false when another client owns the session
     */
    boolean claim(UUID sessionId, String owner);

    Optional<String> owner(UUID sessionId);

    /**
     * Appends messages in the given order. A message whose id the session already holds is skipped,
     * so replaying a finished stream stores nothing twice.
     *
     * @return how many messages were new
     * @throws IllegalStateException when the session has not been claimed
     */
    int append(UUID sessionId, List<Message> messages);

    /**
     * The newest {@code limit} messages older than the cursor (newest first).
     *
     * @param cursor null for the first page, else a page's {@link Page#nextCursor()}
     * @throws IllegalArgumentException for a cursor this store did not hand out, or a limit below 1
     */
    Page page(UUID sessionId, String cursor, int limit);

    /**
     * @param toolCalls   JSON array text, or null
     * @param annotations JSON array text, or null
     */
    record Message(String id, String role, String content, Instant timestamp, String toolCalls,
                   String annotations) {

        public Message {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }

    /** @param nextCursor null on the last page */
    record Page(List<Message> messages, String nextCursor) {

        public Page {
            messages = List.copyOf(messages);
        }
    }
}
