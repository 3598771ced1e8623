package dev.cortexgateway.store.redis;

import dev.cortexgateway.store.StateStore;

/**
 * What every Redis store tells health alike: the backend, a ping to the shared connection, and that
 * it is not critical. Every instance shares Redis, so reporting it critical (503) would take all of
 * them out of the load balancer at once; each store applies its outage policy instead and health
 * says {@code degraded}.
 */
abstract class RedisStore implements StateStore {

    protected final RedisConnection redis;

    RedisStore(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public final String backend() {
        return "redis";
    }

    @Override
    public final boolean critical() {
        return false;
    }

    @Override
    public final void ping() {
        redis.ping();
    }
}
