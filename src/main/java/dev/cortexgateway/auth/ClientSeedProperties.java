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
 */
@Validated
@ConfigurationProperties("gateway.clients")
public record ClientSeedProperties(@DefaultValue List<@Valid Seed> seed) {

    /**
     * @param secret                 a confidential client's secret in plain text (from the
     *                               environment); stored only as a hash
     * @param generateSecretIfMissing local profile only: make up a secret and print it once
     * @param allowedOrigins          the browser origins ({@code scheme://host[:port]}, no wildcards) this
     *                                client may be called from; none means no browser page may use it
     * @param previousSecret          during a rotation, the secret the client is moving away from:
     *                                accepted too until it is removed (docs/runbooks/secret-rotation.md)
     */
    public record Seed(@NotBlank String id, @NotNull ClientStore.Kind kind, @DefaultValue List<String> scopes,
                       String minClientVersion, String secret, @DefaultValue("false") boolean generateSecretIfMissing,
                       @DefaultValue("true") boolean enabled, @DefaultValue List<String> allowedOrigins,
                       String previousSecret) {
    }
}
