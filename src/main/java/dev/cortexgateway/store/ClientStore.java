package dev.cortexgateway.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The clients allowed to ask for tokens: public apps (nonce + version) and confidential services. */
public interface ClientStore extends StateStore {

    Optional<Client> find(String clientId);

    /** The allowed origins of every enabled client that lists any, by client id. */
    Map<String, Set<String>> enabledOrigins();

    /** Creates the client or replaces everything about it but its creation time. */
    Client save(NewClient client);

    enum Kind { PUBLIC, CONFIDENTIAL }

    /**
     * What a client is registered as.
     *
     * @param secretHash       a one-way hash of a confidential client's secret; null for public ones
     * @param minClientVersion the oldest {@code X-Client-Version} accepted; null accepts any
     * @param allowedOrigins   the browser origins it may be called from, canonical
     *                         ({@code scheme://host[:port]}, see {@code auth.AllowedOrigins})
     * @param previousSecretHash a hash of the secret it is moving away from, accepted too during a
     *                         rotation; null otherwise, always null for public clients
     */
    record NewClient(String id, Kind kind, String secretHash, Set<String> scopes, String minClientVersion,
                     boolean enabled, Set<String> allowedOrigins, String previousSecretHash) {

        public NewClient(String id, Kind kind, String secretHash, Set<String> scopes, String minClientVersion,
                         boolean enabled) {
            this(id, kind, secretHash, scopes, minClientVersion, enabled, Set.of());
        }

        public NewClient(String id, Kind kind, String secretHash, Set<String> scopes, String minClientVersion,
                         boolean enabled, Set<String> allowedOrigins) {
            this(id, kind, secretHash, scopes, minClientVersion, enabled, allowedOrigins, null);
        }

        public NewClient {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            if ((kind == Kind.CONFIDENTIAL) != (secretHash != null)) {
                throw new IllegalArgumentException("a confidential client needs a secret hash and a public one has none");
            }
            if (kind == Kind.PUBLIC && previousSecretHash != null) {
                throw new IllegalArgumentException("a public client has no secret to rotate");
            }
            scopes = Set.copyOf(scopes);
            for (String scope : scopes) {
                if (scope.isBlank() || scope.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("a scope is one word without spaces");
                }
            }
            allowedOrigins = Set.copyOf(allowedOrigins);
            for (String origin : allowedOrigins) {
                if (origin.isBlank() || origin.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("an origin is one word without spaces");
                }
            }
        }

        @Override
        public String toString() {
            return "NewClient[id=" + id + ", kind=" + kind + ", scopes=" + scopes + "]";
        }
    }

    /** A registered client; its {@code toString} leaves the secret hash out so it can never reach a log. */
    record Client(String id, Kind kind, String secretHash, Set<String> scopes, String minClientVersion,
                  boolean enabled, Set<String> allowedOrigins, Instant createdAt, Instant updatedAt,
                  String previousSecretHash) {

        public Client(String id, Kind kind, String secretHash, Set<String> scopes, String minClientVersion,
                      boolean enabled, Set<String> allowedOrigins, Instant createdAt, Instant updatedAt) {
            this(id, kind, secretHash, scopes, minClientVersion, enabled, allowedOrigins, createdAt, updatedAt, null);
        }

        public Client {
            scopes = Set.copyOf(scopes);
            allowedOrigins = Set.copyOf(allowedOrigins);
        }

        @Override
        public String toString() {
            return "Client[id=" + id + ", kind=" + kind + ", scopes=" + scopes + ", enabled=" + enabled
                    + ", allowedOrigins=" + allowedOrigins + "]";
        }
    }
}
