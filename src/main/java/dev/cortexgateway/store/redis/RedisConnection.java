package dev.cortexgateway.store.redis;

import dev.cortexgateway.config.InvalidSettingException;
import dev.cortexgateway.config.RedisStoreProperties;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The gateway's connections to Redis, shared by every Redis store: one multiplexed connection for
 * commands (Lettuce connections are thread-safe and pipeline concurrent callers), one with a
 * byte-array codec for Bucket4j's buckets, and one for pub/sub.
 *
 * <p>While Redis is unreachable commands fail at once instead of queueing (each store then applies
 * its outage policy), and Lettuce reconnects in the background: the gateway recovers by itself.
 * Subscriptions are renewed by Lettuce on reconnect. Redis must answer at start-up: a gateway that
 * starts without its shared state would serve with per-instance limits and nonces.
 */
@Component
@OnRedisBackend
public final class RedisConnection implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisConnection<String, byte[]> bytes;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final String prefix;
    private final Map<String, CopyOnWriteArrayList<Consumer<String>>> listeners = new ConcurrentHashMap<>();

    public RedisConnection(RedisStoreProperties properties) {
        this.prefix = properties.keyPrefix();
        RedisURI uri;
        try {
            uri = RedisURI.create(properties.url());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("gateway.stores.redis.url", "is not a Redis URL",
                    "Set it like redis://host:6379/0 (rediss:// for TLS); environment variable GATEWAY_REDIS_URL");
        }
        uri.setTimeout(properties.commandTimeout());
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(properties.connectTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(properties.commandTimeout()))
                .build());
        try {
            this.commands = client.connect();
            this.bytes = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            this.pubSub = client.connectPubSub();
        } catch (RedisConnectionException e) {
            client.shutdown();
            // the URL may hold a password: name the host only
            throw new InvalidSettingException("gateway.stores.redis.url",
                    "Redis does not answer at " + uri.getHost() + ":" + uri.getPort(),
                    "Start Redis or point GATEWAY_REDIS_URL at it; the cluster profile keeps limits, nonces, "
                            + "replay logs and the answer cache there");
        }
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                for (Consumer<String> listener : listeners.getOrDefault(channel, new CopyOnWriteArrayList<>())) {
                    try {
                        listener.accept(message);
                    } catch (RuntimeException e) {
                        LOG.warn("a Redis message listener failed on channel {}: {}", channel, e.getClass().getSimpleName());
                    }
                }
            }
        });
    }

    /** Synchronous commands on the shared connection; each fails after the command timeout. */
    public RedisCommands<String, String> sync() {
        return commands.sync();
    }

    /** The connection with string keys and byte-array values (Bucket4j keeps its buckets as bytes). */
    public StatefulRedisConnection<String, byte[]> bytes() {
        return bytes;
    }

    /** A key or channel name under this gateway's prefix, e.g. {@code key("nonce", client, nonce)}. */
    public String key(String... parts) {
        return prefix + String.join(":", parts);
    }

    /** Calls {@code listener} with every message published on {@code channel} (a full name from {@link #key}). */
    public void subscribe(String channel, Consumer<String> listener) {
        boolean first = listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).isEmpty();
        listeners.get(channel).add(listener);
        if (first) {
            pubSub.sync().subscribe(channel);
        }
    }

    /** Publishes on {@code channel} (a full name from {@link #key}); returns the subscribers that got it. */
    public long publish(String channel, String message) {
        return commands.sync().publish(channel, message);
    }

    /**
     * Throws when Redis does not answer within the command timeout on either command connection
     * (they reconnect independently after an outage: health is up only when both are back).
     */
    public void ping() {
        commands.sync().ping();
        bytes.sync().ping();
    }

    @Override
    public void destroy() {
        pubSub.close();
        bytes.close();
        commands.close();
        client.shutdown();
    }
}
