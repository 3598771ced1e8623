package dev.cortexgateway.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Each chat stream's events in order, so the upstream run can write while any number of client
 * connections read, and a client that reconnects picks up after the last event it saw. Sequence
 * numbers start at 1 per stream; a log lives until its TTL after the last write.
 *
 * <p>On a shared backend the log is how a stream outlives the instance a client talks to: it names
 * the stream's owner, so any instance can check who may resume it, and it holds reader leases, so
 * the instance running the upstream knows a client reads on another instance.
 */
public interface ReplayLogStore extends StateStore {

    /** @return true when the stream's log was created, false when it already exists */
    boolean open(String streamId, Owner owner);

    /** Who may read the stream; empty when the stream is unknown (never opened, or expired). */
    Optional<Owner> owner(String streamId);

    /**
     * Appends one event and returns its sequence number.
     *
     * @param type the SSE event name ({@code token}, {@code tool_call}, {@code final}, {@code error})
     * @param data the event's JSON text
     * @throws IllegalStateException when the stream is unknown (never opened, or expired) or complete
     */
    long append(String streamId, String type, String data);

    /**
     * Marks the stream complete: nothing more will be appended, and readers stop waiting.
     *
     * @return false when the stream is unknown
     */
    boolean complete(String streamId);

    /** Forgets the stream at once (its run was abandoned or refused): it is unknown from now on. */
    void discard(String streamId);

    /**
     * The events after {@code afterSeq} (0 for all), oldest first.
     *
     * @return empty when the stream is unknown
     */
    Optional<Replay> readFrom(String streamId, long afterSeq);

    /**
     * A client reads the stream somewhere else than where its upstream run lives: keeps the run from
     * being abandoned for {@code lease}, unless renewed. A no-op where there is only one instance.
     */
    void readerSeen(String streamId, Duration lease);

    /** Whether a reader lease of the stream is current (always false where there is only one instance). */
    boolean hasReaders(String streamId);

    /** Who a stream belongs to (an {@code identity.Owner} key), and the chat session it answers. */
    record Owner(String owner, String sessionId) {
    }

    record Event(long seq, String type, String data) {
    }

    /**
     * @param gap true when events right after {@code afterSeq} were already dropped to keep the log
     *            bounded: the reader cannot resume without a hole and should be told so
     */
    record Replay(List<Event> events, boolean complete, boolean gap) {

        public Replay {
            events = List.copyOf(events);
        }
    }
}
