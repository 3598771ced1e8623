package dev.cortexgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.InvalidSettingException;
import dev.cortexgateway.store.ClientStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A confidential client whose secret placeholder was not resolved (the variable missing from the
 * pod's Secret) must stop start-up: Spring binds the placeholder text itself, and a client whose
 * secret is "${GATEWAY_CLIENT_OPS_ADMIN_SECRET}" would take tokens from anyone who read the manifests.
 */
class ClientSeederSecretTest {

    private static ClientSeedProperties.Seed confidential(String secret) {
        return new ClientSeedProperties.Seed("release-smoke", ClientStore.Kind.CONFIDENTIAL, List.of("tools"),
                null, secret, false, true, List.of(), null);
    }

    @Test
    void anUnresolvedPlaceholderAsSecretFailsStartUpNamingTheSetting() {
        // refused before anything is written or hashed: no store or hasher is needed
        ClientSeeder seeder = new ClientSeeder(new ClientSeedProperties(List.of(
                confidential("${GATEWAY_CLIENT_RELEASE_SMOKE_SECRET}"))), null, null);

        assertThatThrownBy(seeder::afterSingletonsInstantiated)
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.setting()).isEqualTo("gateway.clients.seed[release-smoke].secret"))
                .hasMessageContaining("unresolved placeholder ${GATEWAY_CLIENT_RELEASE_SMOKE_SECRET}");
    }
}
