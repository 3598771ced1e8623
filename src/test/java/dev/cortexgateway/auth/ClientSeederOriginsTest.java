package dev.cortexgateway.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.InvalidSettingException;
import dev.cortexgateway.store.ClientStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientSeederOriginsTest {

    @Test
    void aWildcardOriginFailsStartUpNamingTheSetting() {
        ClientSeedProperties.Seed seed = new ClientSeedProperties.Seed("chat-web", ClientStore.Kind.PUBLIC, List.of("chat"),
                null, null, false, true, List.of("http://localhost:5173", "https://*.example.com"), null);
        // the origins are checked before anything is written: no store is needed to see the refusal
        ClientSeeder seeder = new ClientSeeder(new ClientSeedProperties(List.of(seed)), null, null);

        assertThatThrownBy(seeder::afterSingletonsInstantiated)
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.setting()).isEqualTo("gateway.clients.seed[chat-web].allowed-origins"))
                .hasMessageContaining("https://*.example.com");
    }
}
