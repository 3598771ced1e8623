package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.store.ClientStore.Client;
import dev.cortexgateway.store.ClientStore.Kind;
import dev.cortexgateway.store.ClientStore.NewClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcClientStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

    private H2TestDatabase database;
    private ManualTime time;
    private JdbcClientStore store;

    @BeforeEach
    void setUp() {
        database = H2TestDatabase.migrated();
        time = new ManualTime(T0);
        store = new JdbcClientStore(database.store(), time);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aSavedClientIsFoundAsItWasSaved() {
        Client saved = store.save(new NewClient("react-app", Kind.PUBLIC, null, Set.of("chat", "history"), "1.4.0", true));

        assertThat(saved).isEqualTo(new Client("react-app", Kind.PUBLIC, null, Set.of("history", "chat"), "1.4.0", true,
                Set.of(), T0, T0));
        assertThat(store.find("react-app")).contains(saved);
        assertThat(store.find("nobody")).isEmpty();
    }

    @Test
    void allowedOriginsAreStoredAndListedForEnabledClientsOnly() {
        store.save(new NewClient("web", Kind.PUBLIC, null, Set.of("chat"), null, true,
                Set.of("http://localhost:5173", "https://chat.example.com")));
        store.save(new NewClient("off", Kind.PUBLIC, null, Set.of("chat"), null, false, Set.of("http://localhost:5199")));
        store.save(new NewClient("svc", Kind.CONFIDENTIAL, HASH, Set.of("bench"), null, true));

        assertThat(store.find("web").orElseThrow().allowedOrigins())
                .containsExactlyInAnyOrder("http://localhost:5173", "https://chat.example.com");
        assertThat(store.find("svc").orElseThrow().allowedOrigins()).isEmpty();
        assertThat(store.enabledOrigins())
                .isEqualTo(Map.of("web", Set.of("http://localhost:5173", "https://chat.example.com")));

        store.save(new NewClient("web", Kind.PUBLIC, null, Set.of("chat"), null, true, Set.of()));
        assertThat(store.enabledOrigins()).isEmpty();
    }

    @Test
    void savingAgainReplacesEverythingButTheCreationTime() {
        store.save(new NewClient("svc", Kind.CONFIDENTIAL, HASH, Set.of("bench"), null, true));
        time.advance(Duration.ofHours(1));

        Client replaced = store.save(new NewClient("svc", Kind.CONFIDENTIAL, HASH + "x", Set.of(), null, false));

        assertThat(replaced.secretHash()).isEqualTo(HASH + "x");
        assertThat(replaced.scopes()).isEmpty();
        assertThat(replaced.enabled()).isFalse();
        assertThat(replaced.createdAt()).isEqualTo(T0);
        assertThat(replaced.updatedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void aSecretHashNeverShowsInText() {
        Client client = store.save(new NewClient("svc", Kind.CONFIDENTIAL, HASH, Set.of("bench"), null, true));

        assertThat(client.toString()).doesNotContain(HASH).contains("svc");
        assertThat(new NewClient("svc", Kind.CONFIDENTIAL, HASH, Set.of(), null, true).toString()).doesNotContain(HASH);
    }

    @Test
    void secretsBelongToConfidentialClientsOnlyAndScopesAreWords() {
        assertThatThrownBy(() -> new NewClient("svc", Kind.CONFIDENTIAL, null, Set.of(), null, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NewClient("app", Kind.PUBLIC, HASH, Set.of(), null, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NewClient("app", Kind.PUBLIC, null, Set.of("two words"), null, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
