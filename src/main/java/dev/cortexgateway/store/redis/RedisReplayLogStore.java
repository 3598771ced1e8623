package dev.cortexgateway.store.redis;

import dev.cortexgateway.config.RedisStoreProperties;
import dev.cortexgateway.config.RedisStoreProperties.Policy;
import dev.cortexgateway.store.ReplayLogStore;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Chat replay logs on Redis, so a client can resume its stream on any instance. One Redis Stream per
 * chat stream whose entry ids are {@code <seq>-0}: a sequence number is its entry id, and "after
 * event n" is an XRANGE from {@code n+1}. Beside it a small hash holds the last sequence number,
 * whether the stream is complete, and its owner; both expire {@code replay.ttl} after the last write.
 *
 * <p>Each write is one Lua script, so the check (open, not complete), the numbering, the XADD with
 * its trim and the expiry happen at once: two writers never get the same number, and a reader never
 * sees a hole or a complete flag without the events before it. Keys of one stream share a hash tag,
 * so the scripts also run on a Redis Cluster.
 *
 * <p>While Redis does not answer, every call throws Lettuce's {@link RedisException} after the
 * command timeout, reported to {@link RedisOutages} (decision DENY: the chat cannot be served
 * without its log). Callers decide what the client sees (chat/ChatRuns, chat/ChatRun).
 */
@Component
@OnRedisBackend
public final class RedisReplayLogStore extends RedisStore implements ReplayLogStore {

    static final String KIND = "replay-logs";

    /** KEYS: meta. ARGV: owner key, session, ttl ms. */
    private static final RedisScript OPEN = new RedisScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'lastSeq', 0, 'complete', 0, 'owner', ARGV[1], 'session', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """, ScriptOutputType.INTEGER);

    /** KEYS: meta, stream. ARGV: type, data, max events, ttl ms. Returns the new seq, -1 unknown, -2 complete. */
    private static final RedisScript APPEND = new RedisScript("""
            local complete = redis.call('HGET', KEYS[1], 'complete')
            if not complete then return -1 end
            if complete == '1' then return -2 end
            local seq = redis.call('HINCRBY', KEYS[1], 'lastSeq', 1)
            redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], seq .. '-0', 't', ARGV[1], 'd', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            return seq
            """, ScriptOutputType.INTEGER);

    /** KEYS: meta, stream. ARGV: ttl ms. */
    private static final RedisScript COMPLETE = new RedisScript("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], 'complete', 1)
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            return 1
            """, ScriptOutputType.INTEGER);

    /**
     * KEYS: meta, stream. ARGV: first entry id wanted. Returns {} when unknown, else {complete,
     * entries}. The flag and the entries come from one moment: complete means these are all.
     */
    private static final RedisScript READ = new RedisScript("""
            local complete = redis.call('HGET', KEYS[1], 'complete')
            if not complete then return {} end
            return {complete, redis.call('XRANGE', KEYS[2], ARGV[1], '+')}
            """, ScriptOutputType.MULTI);

    private final RedisOutages outages;
    private final int maxEventsPerStream;
    private final String ttlMillis;

    public RedisReplayLogStore(RedisConnection redis, RedisOutages outages, RedisStoreProperties properties) {
        super(redis);
        this.outages = outages;
        this.maxEventsPerStream = properties.replay().maxEventsPerStream();
        this.ttlMillis = Long.toString(properties.replay().ttl().toMillis());
    }

    @Override
    public boolean open(String streamId, Owner owner) {
        Long created = call(() -> (Long) OPEN.run(redis.sync(), new String[] {meta(streamId)},
                owner.owner(), owner.sessionId(), ttlMillis));
        return created == 1;
    }

    @Override
    public Optional<Owner> owner(String streamId) {
        List<String> fields = call(() -> redis.sync().hmget(meta(streamId), "owner", "session").stream()
                .map(value -> value.getValueOrElse(null)).toList());
        if (fields.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(new Owner(fields.get(0), fields.get(1)));
    }

    @Override
    public long append(String streamId, String type, String data) {
        Long seq = call(() -> (Long) APPEND.run(redis.sync(), new String[] {meta(streamId), stream(streamId)},
                type, data, Integer.toString(maxEventsPerStream), ttlMillis));
        if (seq == -1) {
            throw new IllegalStateException("replay log is not open");
        }
        if (seq == -2) {
            throw new IllegalStateException("replay log is complete");
        }
        return seq;
    }

    @Override
    public boolean complete(String streamId) {
        Long done = call(() -> (Long) COMPLETE.run(redis.sync(),
                new String[] {meta(streamId), stream(streamId)}, ttlMillis));
        return done == 1;
    }

    @Override
    public void discard(String streamId) {
        call(() -> redis.sync().del(meta(streamId), stream(streamId), readers(streamId)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<Replay> readFrom(String streamId, long afterSeq) {
        List<Object> reply = call(() -> (List<Object>) READ.run(redis.sync(),
                new String[] {meta(streamId), stream(streamId)}, (afterSeq + 1) + "-0"));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        boolean complete = "1".equals(reply.get(0));
        List<Event> events = new ArrayList<>();
        for (Object entry : (List<Object>) reply.get(1)) {
            List<Object> idAndFields = (List<Object>) entry;
            String id = (String) idAndFields.get(0);
            List<Object> fields = (List<Object>) idAndFields.get(1);
            events.add(new Event(Long.parseLong(id.substring(0, id.indexOf('-'))), (String) fields.get(1), (String) fields.get(3)));
        }
        // the entries run without holes from the oldest kept one: a first one past afterSeq+1 means trimmed events
        boolean gap = !events.isEmpty() && events.get(0).seq() > afterSeq + 1;
        return Optional.of(new Replay(events, complete, gap));
    }

    @Override
    public void readerSeen(String streamId, Duration lease) {
        call(() -> redis.sync().set(readers(streamId), "1", SetArgs.Builder.px(lease.toMillis())));
    }

    @Override
    public boolean hasReaders(String streamId) {
        return call(() -> redis.sync().exists(readers(streamId))) > 0;
    }

    @Override
    public String kind() {
        return KIND;
    }

    private String meta(String streamId) {
        return redis.key("replay", "{" + streamId + "}", "meta");
    }

    private String stream(String streamId) {
        return redis.key("replay", "{" + streamId + "}", "events");
    }

    private String readers(String streamId) {
        return redis.key("replay", "{" + streamId + "}", "readers");
    }

    private <T> T call(Supplier<T> command) {
        try {
            T result = command.get();
            outages.recovered(KIND);
            return result;
        } catch (RedisException unavailable) {
            outages.failed(KIND, Policy.DENY, unavailable);
            throw unavailable;
        }
    }
}
