package dev.cortexgateway.auth;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.store.ClientStore;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The browser origins the registry allows, read from the database at most every
 * {@code gateway.cors.refresh-interval} rather than on every browser request: the chat stream keeps
 * working while the database is down (docs/decisions/0015-graceful-shutdown-and-database-outages.md),
 * and so must its CORS answers, from the origins last read.
 */
@Component
public final class ClientOrigins {

    private static final Logger LOG = LoggerFactory.getLogger(ClientOrigins.class);

    private final ClientStore clients;
    private final long refreshNanos;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile Snapshot snapshot;

    public ClientOrigins(ClientStore clients, CorsProperties properties) {
        this.clients = clients;
        this.refreshNanos = properties.refreshInterval().toNanos();
    }

    /** Whether some enabled client lists this {@code Origin} header's origin. */
    public boolean anyClientAllows(String originHeader) {
        String origin = AllowedOrigins.ofHeader(originHeader);
        return origin != null && current().all().contains(origin);
    }

    /** Whether this enabled client lists this {@code Origin} header's origin. */
    public boolean allows(String clientId, String originHeader) {
        String origin = AllowedOrigins.ofHeader(originHeader);
        return origin != null && current().byClient().getOrDefault(clientId, Set.of()).contains(origin);
    }

    /**
     * Binds a browser request to its caller: with an {@code Origin} header, the client whose token
     * (or client id) the request carries must list that origin, so a page one client allows cannot
     * use another client's tokens. Requests without {@code Origin} (servers, curl) pass.
     */
    public void requireAllowed(String clientId, String originHeader) {
        if (originHeader != null && !allows(clientId, originHeader)) {
            throw new GatewayException(ErrorCode.CORS_REJECTED, "This client may not be used from this origin",
                    "Call from an origin listed in the client's allowed-origins", Map.of());
        }
    }

    private Snapshot current() {
        Snapshot known = snapshot;
        if (known != null && System.nanoTime() - known.loadedAt() < refreshNanos) {
            return known;
        }
        if (known != null && !loading.tryLock()) {
            // another request is reading; this one answers from what was last read
            return known;
        }
        if (known == null) {
            loading.lock();
        }
        try {
            Snapshot now = snapshot;
            if (now != known && now != null) {
                return now;
            }
            snapshot = load(known);
            return snapshot;
        } finally {
            loading.unlock();
        }
    }

    private Snapshot load(Snapshot known) {
        try {
            Map<String, Set<String>> byClient = clients.enabledOrigins();
            Set<String> all = byClient.values().stream().flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
            return new Snapshot(byClient, all, System.nanoTime());
        } catch (DataAccessException e) {
            LOG.warn("Could not read the clients' allowed origins ({}); {}", e.getClass().getName(),
                    known == null ? "cross-origin requests are refused until it can" : "the ones last read still apply");
            return known == null ? new Snapshot(Map.of(), Set.of(), System.nanoTime())
                    : new Snapshot(known.byClient(), known.all(), System.nanoTime());
        }
    }

    private record Snapshot(Map<String, Set<String>> byClient, Set<String> all, long loadedAt) {
    }
}
