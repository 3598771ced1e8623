package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.store.FlagStore.Flag;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcFlagStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private H2TestDatabase database;
    private ManualTime time;
    private JdbcFlagStore store;

    @BeforeEach
    void setUp() {
        database = H2TestDatabase.migrated();
        time = new ManualTime(T0);
        store = new JdbcFlagStore(database.store(), time);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aRouteWithoutAFlagHasNone() {
        assertThat(store.find("chat-stream")).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void theLastSwitchWinsAndRecordsWhoAndWhen() {
        store.set("chat-stream", false, "ops-alice");
        time.advance(Duration.ofMinutes(5));
        Flag back = store.set("chat-stream", true, "ops-bob");

        assertThat(back).isEqualTo(new Flag("chat-stream", true, "ops-bob", T0.plus(Duration.ofMinutes(5))));
        assertThat(store.find("chat-stream")).contains(back);
    }

    @Test
    void flagsAreListedByRoute() {
        store.set("tool-sql-exec", false, "ops");
        store.set("chat-stream", true, "ops");

        assertThat(store.list()).extracting(Flag::routeId).containsExactly("chat-stream", "tool-sql-exec");
    }
}
