package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.store.JdbcToolAuthorizationStore.Flow;
import dev.cortexgateway.store.JdbcToolAuthorizationStore.Grant;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tool OAuth flows and tokens on H2; {@link PostgresMigrationTest} runs {@link #roundTrip} on PostgreSQL. */
class JdbcToolAuthorizationStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");

    private H2TestDatabase database;

    @BeforeEach
    void setUp() {
        database = H2TestDatabase.migrated();
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void flowsCompleteOnceAndGrantsArePerOwnerAndTool() {
        roundTrip(new JdbcToolAuthorizationStore(database.store()));
    }

    /** What the OAuth flows rely on, on whichever database {@code store} uses. */
    static void roundTrip(JdbcToolAuthorizationStore store) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Flow flow = new Flow("flow_" + suffix, "demo-web/s_AAAAAAAAAAAAAAAAAAAAAA", "repo_items", "demo", "digest",
                "sealed-verifier", "http://localhost:5173/cb", "openid read", "sealed-user", "pending", T0, T0.plusSeconds(600));
        store.createFlow(flow);
        assertThat(store.findFlow(flow.id())).contains(flow);
        assertThat(store.finishFlow(flow.id(), "completed")).isTrue();
        assertThat(store.finishFlow(flow.id(), "completed")).isFalse();
        assertThat(store.finishFlow(flow.id(), "failed")).isFalse();
        assertThat(store.findFlow(flow.id()).orElseThrow().status()).isEqualTo("completed");
        assertThat(store.deleteFlowsExpiredBefore(T0.plusSeconds(599))).isZero();
        assertThat(store.deleteFlowsExpiredBefore(T0.plusSeconds(601))).isGreaterThanOrEqualTo(1);
        assertThat(store.findFlow(flow.id())).isEmpty();

        String owner = "demo-web/s_BBBBBBBBBBBBBBBBBBBBBB";
        Grant grant = new Grant(owner, "repo_items_" + suffix, "auth_1" + suffix, "demo", "openid read", "sealed-access",
                "sealed-refresh", "sealed-user", T0.plusSeconds(3600), T0, T0);
        store.saveGrant(grant);
        assertThat(store.findGrant(owner, grant.toolName())).contains(grant);
        assertThat(store.findGrant("demo-web/s_CCCCCCCCCCCCCCCCCCCCCC", grant.toolName())).isEmpty();

        Grant again = new Grant(owner, grant.toolName(), "auth_2" + suffix, "demo", "openid", "sealed-access-2", null, null,
                null, T0.plus(Duration.ofMinutes(1)), T0.plus(Duration.ofMinutes(1)));
        store.saveGrant(again);
        assertThat(store.findGrant(owner, grant.toolName())).contains(again);
        // a refresh of the replaced authorization does not overwrite the new one
        assertThat(store.updateTokens(owner, grant.toolName(), grant.id(), "x", "y", T0, T0)).isFalse();
        assertThat(store.updateTokens(owner, grant.toolName(), again.id(), "sealed-access-3", "sealed-refresh-3",
                T0.plusSeconds(7200), T0.plusSeconds(60))).isTrue();
        Grant refreshed = store.findGrant(owner, grant.toolName()).orElseThrow();
        assertThat(refreshed.accessToken()).isEqualTo("sealed-access-3");
        assertThat(refreshed.refreshToken()).isEqualTo("sealed-refresh-3");
        assertThat(refreshed.expiresAt()).isEqualTo(T0.plusSeconds(7200));
        assertThat(refreshed.createdAt()).isEqualTo(again.createdAt());

        assertThat(store.deleteGrant(owner, grant.toolName())).isTrue();
        assertThat(store.deleteGrant(owner, grant.toolName())).isFalse();
        assertThat(store.findGrant(owner, grant.toolName())).isEmpty();
    }
}
