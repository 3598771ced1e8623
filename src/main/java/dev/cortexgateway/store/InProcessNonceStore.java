package dev.cortexgateway.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cortexgateway.config.InProcessStoreProperties;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Spent nonces in this instance's memory, each forgotten when its TTL ends. Enough for one instance;
 * behind a load balancer a replay could land on another instance, which is what the shared store is
 * for.
 */
@Component
@OnInProcessBackend
public final class InProcessNonceStore implements NonceStore {

    private final Cache<Key, Duration> seen;

    @Autowired
    public InProcessNonceStore(InProcessStoreProperties properties) {
        this(properties.nonces(), Ticker.systemTicker());
    }

    InProcessNonceStore(InProcessStoreProperties.Nonces limits, Ticker ticker) {
        this.seen = Caffeine.newBuilder()
                .maximumSize(limits.maxEntries())
                .expireAfter(Expiry.creating((Key key, Duration ttl) -> ttl))
                .ticker(ticker)
                // evict on the caller's thread: the bound holds as soon as a call returns
                .executor(Runnable::run)
                .build();
    }

    @Override
    public boolean markIfNew(String clientId, String nonce, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("nonce TTL must be positive");
        }
        return seen.asMap().putIfAbsent(new Key(clientId, nonce), ttl) == null;
    }

    /** How many nonces are remembered now (expired ones not yet swept may still count). */
    long size() {
        seen.cleanUp();
        return seen.estimatedSize();
    }

    @Override
    public String kind() {
        return "nonces";
    }

    @Override
    public String backend() {
        return "in-process";
    }

    @Override
    public void ping() {
        // memory is always there
    }

    private record Key(String clientId, String nonce) {
    }
}
