package dev.cortexgateway.store.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cortexgateway.config.RedisStoreProperties;
import dev.cortexgateway.config.RedisStoreProperties.Policy;
import dev.cortexgateway.store.RateLimitStore;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The rate-limit buckets in Redis through Bucket4j's Lettuce backend, so a limit holds across every
 * instance: each take reads the bucket, computes the new state and writes it back with a
 * compare-and-swap, retrying on a concurrent change. A bucket's key carries its shape, so a changed
 * limit starts fresh buckets instead of inheriting the old shape. Redis expires a bucket once it has
 * been idle long enough to be full again (plus a margin for clock skew between instances), like the
 * in-process store.
 *
 * <p>While Redis does not answer, {@code gateway.stores.redis.on-unavailable.rate-limits} decides:
 * ALLOW (the default) lets the request through as a fresh bucket would (remaining capacity - 1,
 * reset 0), DENY refuses it with 503.
 */
@Component
@OnRedisBackend
public final class RedisRateLimitStore extends RedisStore implements RateLimitStore {

    /** Kept past the time to refill, so instances whose clocks differ a little agree a bucket is full. */
    private static final Duration KEEP_AFTER_FULL = Duration.ofSeconds(10);
    /** Bucket handles kept for batching; a handle holds no tokens, so dropping one loses nothing. */
    private static final long MAX_HANDLES = 100_000;
    private static final Duration HANDLE_IDLE = Duration.ofMinutes(10);

    private final RedisOutages outages;
    private final Policy onUnavailable;
    private final ProxyManager<String> buckets;
    private final Cache<String, BucketProxy> handles = Caffeine.newBuilder()
            .maximumSize(MAX_HANDLES).expireAfterAccess(HANDLE_IDLE).build();

    @Autowired
    public RedisRateLimitStore(RedisConnection redis, RedisOutages outages, RedisStoreProperties properties) {
        this(redis, outages, properties, TimeMeter.SYSTEM_MILLISECONDS);
    }

    /** {@code time} is the clock every instance computes refills with (wall time: instances share it). */
    RedisRateLimitStore(RedisConnection redis, RedisOutages outages, RedisStoreProperties properties, TimeMeter time) {
        super(redis);
        this.outages = outages;
        this.onUnavailable = properties.onUnavailable().rateLimits();
        this.buckets = Bucket4jLettuce.casBasedBuilder(redis.bytes())
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_FULL))
                .requestTimeout(properties.commandTimeout())
                .clientClock(time)
                .build();
    }

    @Override
    public Probe take(String key, Limit limit) {
        ConsumptionProbe probe;
        try {
            probe = handle(key, limit).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            if (!fromRedis(e)) {
                throw e;
            }
            outages.failed(kind(), onUnavailable, e);
            if (onUnavailable == Policy.DENY) {
                throw SharedStateUnavailable.refusal(kind());
            }
            return new Probe(true, limit.capacity() - 1, 0, 0);
        }
        outages.recovered(kind());
        return new Probe(probe.isConsumed(), probe.getRemainingTokens(),
                probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill(), probe.getNanosToWaitForReset());
    }

    /** While Redis does not answer, a token-weighted bucket reads as full (ALLOW) or refuses (DENY). */
    @Override
    public long available(String key, Limit limit) {
        try {
            long available = handle(key, limit).getAvailableTokens();
            outages.recovered(kind());
            return available;
        } catch (RuntimeException e) {
            if (!fromRedis(e)) {
                throw e;
            }
            outages.failed(kind(), onUnavailable, e);
            if (onUnavailable == Policy.DENY) {
                throw SharedStateUnavailable.refusal(kind());
            }
            return limit.capacity();
        }
    }

    /** Tokens used while Redis does not answer are not counted: the answer was already given. */
    @Override
    public void consume(String key, Limit limit, long tokens) {
        try {
            handle(key, limit).consumeIgnoringRateLimits(tokens);
            outages.recovered(kind());
        } catch (RuntimeException e) {
            if (!fromRedis(e)) {
                throw e;
            }
            outages.failed(kind(), onUnavailable, e);
        }
    }

    /**
     * One handle per bucket, kept: its batching lets the takes that arrive on this instance while a
     * compare-and-swap is in flight go to Redis together as one, instead of each retrying its own CAS
     * against the others (one busy caller at 50 concurrent requests timed out without it).
     */
    private BucketProxy handle(String key, Limit limit) {
        String redisKey = redis.key("limit", shape(limit), key);
        return handles.get(redisKey, k -> buckets.builder()
                .withOptimization(Optimizations.batching())
                .build(k, () -> configuration(limit)));
    }

    private static BucketConfiguration configuration(Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity())
                        .refillGreedy(limit.refillTokens(), limit.refillPeriod()).build())
                .build();
    }

    private static String shape(Limit limit) {
        return limit.capacity() + "/" + limit.refillTokens() + "/" + limit.refillPeriod().toMillis() + "ms";
    }

    /** Bucket4j wraps Lettuce's failures in its own exceptions and has a request timeout of its own. */
    private static boolean fromRedis(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisException || t instanceof TimeoutException
                    || t instanceof io.github.bucket4j.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String kind() {
        return "rate-limits";
    }
}
