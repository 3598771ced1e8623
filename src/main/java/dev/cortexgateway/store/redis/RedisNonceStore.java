package dev.cortexgateway.store.redis;

import dev.cortexgateway.config.RedisStoreProperties;
import dev.cortexgateway.config.RedisStoreProperties.Policy;
import dev.cortexgateway.store.NonceStore;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Spent nonces shared by every instance: {@code SET <prefix>nonce:<client>:<sha256(nonce)> 1 NX PX ttl}
 * is atomic, so of two instances that see the same nonce at once exactly one says "new". The nonce is
 * hashed because it is caller-chosen text of any length.
 *
 * <p>While Redis does not answer, {@code gateway.stores.redis.on-unavailable.nonces} decides: DENY
 * (the default) refuses the token request, since an unchecked nonce could be a replay; ALLOW treats
 * it as new. Either way the failure is counted ({@link RedisOutages}).
 */
@Component
@OnRedisBackend
public final class RedisNonceStore extends RedisStore implements NonceStore {

    private final RedisOutages outages;
    private final Policy onUnavailable;

    public RedisNonceStore(RedisConnection redis, RedisOutages outages, RedisStoreProperties properties) {
        super(redis);
        this.outages = outages;
        this.onUnavailable = properties.onUnavailable().nonces();
    }

    @Override
    public boolean markIfNew(String clientId, String nonce, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("nonce TTL must be positive");
        }
        String answer;
        try {
            answer = redis.sync().set(redis.key("nonce", clientId, digest(nonce)), "1",
                    SetArgs.Builder.nx().px(Math.max(1, ttl.toMillis())));
        } catch (RedisException e) {
            outages.failed(kind(), onUnavailable, e);
            if (onUnavailable == Policy.DENY) {
                throw SharedStateUnavailable.refusal(kind());
            }
            return true;
        }
        outages.recovered(kind());
        return "OK".equals(answer);
    }

    private static String digest(String nonce) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(nonce.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String kind() {
        return "nonces";
    }
}
