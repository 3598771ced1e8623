package dev.cortexgateway.store.redis;

import dev.cortexgateway.config.RedisStoreProperties;
import dev.cortexgateway.config.RedisStoreProperties.Policy;
import dev.cortexgateway.store.ResponseCacheStore;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The answer cache shared by every instance, so a question answered on one is a hit on all.
 *
 * <p>Key layout under the prefix: {@code cache:entry:<key>} a hash per answer (value, storedAt, prefix,
 * normalizedQuery, tokenCost, sizeBytes) that Redis expires after its TTL; {@code cache:index} the keys
 * by storedAt (the oldest go first past {@code gateway.stores.redis.cache.max-entries}, and
 * invalidation walks it); {@code cache:expiry} the keys by when they expire (Redis time), so entries
 * Redis dropped leave the index and the byte count; {@code cache:sizes} each key's size and
 * {@code cache:bytes} their sum; {@code cache:hits} and {@code cache:misses} shared counters. Every
 * change is one Lua script, so the index, sizes and entries never disagree. The scripts name keys
 * they derive, so this layout needs a single Redis (or Sentinel), not Redis Cluster.
 *
 * <p>While Redis does not answer a lookup is a miss, a store is skipped (the answer is still served)
 * and both are counted as ALLOW decisions; statistics and invalidation, which cannot be faked, answer
 * 503.
 */
@Component
@OnRedisBackend
public final class RedisResponseCacheStore extends RedisStore implements ResponseCacheStore {

    private static final String[] FIELDS = {"value", "storedAt", "prefix", "normalizedQuery", "tokenCost", "sizeBytes"};
    /** Entries read per round trip while invalidating. */
    private static final int BATCH = 200;

    /** KEYS: index, expiry, sizes, bytes, hits, misses; ARGV[1]: the entry key prefix. */
    private static final String COMMON = """
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function forget(member)
              redis.call('DEL', ARGV[1] .. member)
              redis.call('ZREM', KEYS[1], member)
              redis.call('ZREM', KEYS[2], member)
              local size = redis.call('HGET', KEYS[3], member)
              if size then
                redis.call('HDEL', KEYS[3], member)
                redis.call('DECRBY', KEYS[4], size)
                return tonumber(size)
              end
              return 0
            end
            local function prune(now)
              repeat
                local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1000)
                for _, member in ipairs(expired) do forget(member) end
              until #expired < 1000
            end
            """;

    /** ARGV: prefix, member, value, storedAt, storedAt ms, cache prefix, normalized query, token cost, size, ttl ms, max entries. */
    private static final RedisScript PUT = new RedisScript(COMMON + """
            local now = now_ms()
            prune(now)
            forget(ARGV[2])
            local key = ARGV[1] .. ARGV[2]
            redis.call('HSET', key, 'value', ARGV[3], 'storedAt', ARGV[4], 'prefix', ARGV[6],
                'normalizedQuery', ARGV[7], 'tokenCost', ARGV[8], 'sizeBytes', ARGV[9])
            redis.call('PEXPIRE', key, ARGV[10])
            redis.call('ZADD', KEYS[1], ARGV[5], ARGV[2])
            redis.call('ZADD', KEYS[2], now + tonumber(ARGV[10]), ARGV[2])
            redis.call('HSET', KEYS[3], ARGV[2], ARGV[9])
            redis.call('INCRBY', KEYS[4], ARGV[9])
            local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[11])
            if over > 0 then
              for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, over - 1)) do forget(member) end
            end
            return 0
            """, ScriptOutputType.INTEGER);

    /** ARGV: prefix, member. Counts a hit or a miss; returns the fields (nil when absent). */
    private static final RedisScript GET = new RedisScript("""
            local fields = redis.call('HMGET', ARGV[1] .. ARGV[2], 'value', 'storedAt', 'prefix', 'normalizedQuery', 'tokenCost', 'sizeBytes')
            if fields[1] then redis.call('INCR', KEYS[5]) else redis.call('INCR', KEYS[6]) end
            return fields
            """, ScriptOutputType.MULTI);

    /** ARGV: prefix, members... Returns six fields per member (nil when absent). */
    private static final RedisScript FETCH = new RedisScript("""
            local out = {}
            for i = 2, #ARGV do
              local fields = redis.call('HMGET', ARGV[1] .. ARGV[i], 'value', 'storedAt', 'prefix', 'normalizedQuery', 'tokenCost', 'sizeBytes')
              for j = 1, 6 do out[#out + 1] = fields[j] end
            end
            return out
            """, ScriptOutputType.MULTI);

    /**
     * ARGV: prefix, member, storedAt read. Drops the entry if it is still the one read (a newer put wins);
     * returns its size, or -1 when it was replaced or had expired (an expired one leaves the index).
     */
    private static final RedisScript REMOVE_IF_UNCHANGED = new RedisScript(COMMON + """
            local storedAt = redis.call('HGET', ARGV[1] .. ARGV[2], 'storedAt')
            if not storedAt then
              if redis.call('ZSCORE', KEYS[2], ARGV[2]) then forget(ARGV[2]) end
              return -1
            end
            if storedAt ~= ARGV[3] then return -1 end
            return forget(ARGV[2])
            """, ScriptOutputType.INTEGER);

    /** ARGV: prefix. Returns entries, bytes, hits, misses after dropping expired entries. */
    private static final RedisScript STATS = new RedisScript(COMMON + """
            prune(now_ms())
            return {redis.call('ZCARD', KEYS[1]), tonumber(redis.call('GET', KEYS[4]) or '0'),
                tonumber(redis.call('GET', KEYS[5]) or '0'), tonumber(redis.call('GET', KEYS[6]) or '0')}
            """, ScriptOutputType.MULTI);

    private final RedisOutages outages;
    private final Clock clock;
    private final long maxEntries;
    private final String[] keys;
    private final String entryPrefix;

    @Autowired
    public RedisResponseCacheStore(RedisConnection redis, RedisOutages outages, RedisStoreProperties properties,
                                   ObjectProvider<Clock> clock) {
        this(redis, outages, properties.cache().maxEntries(), clock.getIfAvailable(Clock::systemUTC));
    }

    RedisResponseCacheStore(RedisConnection redis, RedisOutages outages, long maxEntries, Clock clock) {
        super(redis);
        this.outages = outages;
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.keys = new String[] {redis.key("cache", "index"), redis.key("cache", "expiry"), redis.key("cache", "sizes"),
                redis.key("cache", "bytes"), redis.key("cache", "hits"), redis.key("cache", "misses")};
        this.entryPrefix = redis.key("cache", "entry", "");
    }

    @Override
    public Optional<Entry> get(String key) {
        List<String> fields;
        try {
            fields = GET.run(redis.sync(), keys, entryPrefix, key);
        } catch (RedisException e) {
            outages.failed(kind(), Policy.ALLOW, e);
            return Optional.empty();
        }
        outages.recovered(kind());
        return entry(fields, 0);
    }

    @Override
    public boolean contains(String key) {
        try {
            boolean found = redis.sync().exists(entryPrefix + key) > 0;
            outages.recovered(kind());
            return found;
        } catch (RedisException e) {
            outages.failed(kind(), Policy.ALLOW, e);
            return false;
        }
    }

    @Override
    public void put(String key, String value, Meta meta, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("cache TTL must be positive");
        }
        Instant storedAt = clock.instant();
        try {
            PUT.run(redis.sync(), keys, entryPrefix, key, value, storedAt.toString(),
                    Long.toString(storedAt.toEpochMilli()), meta.prefix(), meta.normalizedQuery(),
                    Long.toString(meta.tokenCost()), Long.toString(Entry.sizeOf(value, meta)),
                    Long.toString(Math.max(1, ttl.toMillis())), Long.toString(maxEntries));
        } catch (RedisException e) {
            outages.failed(kind(), Policy.ALLOW, e);
            return;
        }
        outages.recovered(kind());
    }

    @Override
    public Removed invalidate(Predicate<Entry> matches) {
        try {
            List<String> members = redis.sync().zrange(keys[0], 0, -1);
            int removed = 0;
            long bytes = 0;
            for (int from = 0; from < members.size(); from += BATCH) {
                List<String> batch = members.subList(from, Math.min(members.size(), from + BATCH));
                List<String> args = new ArrayList<>(batch.size() + 1);
                args.add(entryPrefix);
                args.addAll(batch);
                List<String> fields = FETCH.run(redis.sync(), keys, args.toArray(String[]::new));
                for (int i = 0; i < batch.size(); i++) {
                    Optional<Entry> entry = entry(fields, i * FIELDS.length);
                    if (entry.isEmpty() || matches.test(entry.get())) {
                        String storedAt = entry.isPresent() ? fields.get(i * FIELDS.length + 1) : "";
                        long size = REMOVE_IF_UNCHANGED.run(redis.sync(), keys, entryPrefix, batch.get(i), storedAt);
                        if (size >= 0 && entry.isPresent()) {
                            removed++;
                            bytes += size;
                        }
                    }
                }
            }
            outages.recovered(kind());
            return new Removed(removed, bytes);
        } catch (RedisException e) {
            outages.failed(kind(), Policy.DENY, e);
            throw SharedStateUnavailable.refusal(kind());
        }
    }

    @Override
    public Stats stats() {
        List<Long> counts;
        try {
            counts = STATS.run(redis.sync(), keys, entryPrefix);
        } catch (RedisException e) {
            outages.failed(kind(), Policy.DENY, e);
            throw SharedStateUnavailable.refusal(kind());
        }
        outages.recovered(kind());
        return new Stats(counts.get(0), counts.get(2), counts.get(3), counts.get(1));
    }

    /** The entry whose six fields start at {@code from}; empty when its hash is gone. */
    private static Optional<Entry> entry(List<String> fields, int from) {
        if (fields.size() < from + FIELDS.length || fields.get(from) == null || fields.get(from + 1) == null) {
            return Optional.empty();
        }
        Meta meta = new Meta(fields.get(from + 2), fields.get(from + 3), Long.parseLong(fields.get(from + 4)));
        return Optional.of(new Entry(fields.get(from), Instant.parse(fields.get(from + 1)), meta,
                Long.parseLong(fields.get(from + 5))));
    }

    @Override
    public String kind() {
        return "response-cache";
    }
}
