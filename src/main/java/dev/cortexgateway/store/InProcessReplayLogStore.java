package dev.cortexgateway.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cortexgateway.config.InProcessStoreProperties;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Stream logs in this instance's memory. A log is only created by {@link #open}: were an append to
 * an expired or evicted stream to start a new log, its numbers would restart at 1 and a resuming
 * reader would silently skip events.
 */
@Component
@OnInProcessBackend
public final class InProcessReplayLogStore implements ReplayLogStore {

    private final Cache<String, Log> logs;
    private final int maxEventsPerStream;

    @Autowired
    public InProcessReplayLogStore(InProcessStoreProperties properties) {
        this(properties.replay(), Ticker.systemTicker());
    }

    InProcessReplayLogStore(InProcessStoreProperties.Replay limits, Ticker ticker) {
        this.maxEventsPerStream = limits.maxEventsPerStream();
        this.logs = Caffeine.newBuilder()
                .maximumSize(limits.maxStreams())
                // appends go through compute(), which counts as a write: a live stream never expires
                .expireAfterWrite(limits.ttl())
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public boolean open(String streamId, Owner owner) {
        return logs.asMap().putIfAbsent(streamId, new Log(owner)) == null;
    }

    @Override
    public Optional<Owner> owner(String streamId) {
        return Optional.ofNullable(logs.getIfPresent(streamId)).map(log -> log.owner);
    }

    @Override
    public void readerSeen(String streamId, Duration lease) {
        // every reader of an in-process log is attached to its run on this instance
    }

    @Override
    public boolean hasReaders(String streamId) {
        return false;
    }

    /** Logs held now, the expired ones evicted first (Caffeine evicts lazily): for tests that check nothing is kept. */
    public long held() {
        logs.cleanUp();
        return logs.estimatedSize();
    }

    @Override
    public long append(String streamId, String type, String data) {
        long[] seq = {0};
        Log log = logs.asMap().computeIfPresent(streamId, (id, existing) -> {
            seq[0] = existing.append(type, data, maxEventsPerStream);
            return existing;
        });
        if (log == null) {
            throw new IllegalStateException("replay log is not open");
        }
        return seq[0];
    }

    @Override
    public boolean complete(String streamId) {
        return logs.asMap().computeIfPresent(streamId, (id, existing) -> {
            existing.complete();
            return existing;
        }) != null;
    }

    @Override
    public void discard(String streamId) {
        logs.invalidate(streamId);
    }

    @Override
    public Optional<Replay> readFrom(String streamId, long afterSeq) {
        return Optional.ofNullable(logs.getIfPresent(streamId)).map(log -> log.readFrom(afterSeq));
    }

    @Override
    public String kind() {
        return "replay-logs";
    }

    @Override
    public String backend() {
        return "in-process";
    }

    @Override
    public void ping() {
        // memory is always there
    }

    /** One stream's events; writers hold the map's lock for the key, readers this log's monitor. */
    private static final class Log {

        private final Owner owner;
        private final ArrayDeque<Event> events = new ArrayDeque<>();
        private long lastSeq;
        private boolean complete;

        Log(Owner owner) {
            this.owner = owner;
        }

        synchronized long append(String type, String data, int maxEvents) {
            if (complete) {
                throw new IllegalStateException("replay log is complete");
            }
            lastSeq++;
            events.addLast(new Event(lastSeq, type, data));
            if (events.size() > maxEvents) {
                events.removeFirst();
            }
            return lastSeq;
        }

        synchronized void complete() {
            complete = true;
        }

        synchronized Replay readFrom(long afterSeq) {
            long firstKept = events.isEmpty() ? lastSeq + 1 : events.peekFirst().seq();
            List<Event> after = new ArrayList<>();
            for (Event event : events) {
                if (event.seq() > afterSeq) {
                    after.add(event);
                }
            }
            return new Replay(after, complete, afterSeq + 1 < firstKept);
        }
    }
}
