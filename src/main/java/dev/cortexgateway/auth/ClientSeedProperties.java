package dev.cortexgateway.auth;

import dev.cortexgateway.store.ClientStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Clients written into the registry at start-up ({@code gateway.clients.seed}). Each start applies
 * them again, so configuration stays the source of truth for seeded clients; changes made in the
 * database take effect at once and last until the next start.
 *
 * @param seed the clients written into the registry at each start ({@code kind} {@code PUBLIC} or
 *             {@code CONFIDENTIAL}; a secret is stored as a BCrypt hash); the {@code local} profile
 *             seeds {@code demo-web} and {@code demo-admin}
 */
@Validated
@ConfigurationProperties("gateway.clients")
public record ClientSeedProperties(@DefaultValue List<@Valid Seed> seed) {

    /**
     * @param id                     the client id tokens and requests name
     * @param kind                   {@code PUBLIC} (session tokens, a nonce per request) or
     *                               {@code CONFIDENTIAL} (client_credentials with a secret)
     * @param scopes                 what the client's tokens may carry
     * @param minClientVersion       public clients: the lowest {@code X-Client-Version} accepted
     * @param enabled                false: the client exists but gets no token
     * @param secret                 a confidential client's secret in plain text (from the
     *                               environment); stored only as a hash. A secret that is still a whole
     *                               {@code ${NAME}} placeholder (its variable unset) stops start-up
     * @param generateSecretIfMissing local profile only: make up a secret and print it once
     * @param allowedOrigins          the browser origins ({@code scheme://host[:port]}, no path, no wildcards;
     *                                an invalid one fails start-up) this client may be called from; none
     *                                means no browser page may use it. Any other origin, or this client's
     *                                token from another client's origin, is {@code 403 CORS_REJECTED}
     *                                (docs/decisions/0019-cors-from-the-client-registry.md)
     * @param previousSecret          during a rotation, the secret the client is moving away from:
     *                                accepted too until it is removed (docs/runbooks/secret-rotation.md)
     */
    public record Seed(@NotBlank String id, @NotNull ClientStore.Kind kind, @DefaultValue List<String> scopes,
                       String minClientVersion, String secret, @DefaultValue("false") boolean generateSecretIfMissing,
                       @DefaultValue("true") boolean enabled, @DefaultValue List<String> allowedOrigins,
                       String previousSecret) {
    }
}
