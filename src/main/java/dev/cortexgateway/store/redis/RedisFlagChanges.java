package dev.cortexgateway.store.redis;

import dev.cortexgateway.config.RedisStoreProperties.Policy;
import dev.cortexgateway.flags.FlagChanges;
import io.lettuce.core.RedisException;
import org.springframework.stereotype.Component;

/**
 * Flag changes pushed over Redis pub/sub on {@code <prefix>flags}: the message is the route id, and
 * every instance (the sender too) re-reads its flags from the database on it. While Redis is down
 * the announcement is dropped and counted; the other instances' polling picks the change up.
 */
@Component
@OnRedisBackend
public final class RedisFlagChanges implements FlagChanges {

    private static final String STORE = "flag-changes";

    private final RedisConnection redis;
    private final RedisOutages outages;
    private final String channel;

    public RedisFlagChanges(RedisConnection redis, RedisOutages outages) {
        this.redis = redis;
        this.outages = outages;
        this.channel = redis.key("flags");
    }

    @Override
    public void announce(String routeId) {
        try {
            redis.publish(channel, routeId);
        } catch (RedisException e) {
            outages.failed(STORE, Policy.ALLOW, e);
            return;
        }
        outages.recovered(STORE);
    }

    @Override
    public void onChange(Runnable listener) {
        redis.subscribe(channel, message -> listener.run());
    }
}
