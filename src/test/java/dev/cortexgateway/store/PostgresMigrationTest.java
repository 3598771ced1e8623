package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.store.ClientStore.Kind;
import dev.cortexgateway.store.ClientStore.NewClient;
import dev.cortexgateway.store.HistoryStore.Message;
import dev.cortexgateway.store.HistoryStore.Page;
import dev.cortexgateway.store.JobStore.Created;
import dev.cortexgateway.store.JobStore.State;
import dev.cortexgateway.testing.RequiresPostgres;
import dev.cortexgateway.testing.SharedServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The same migrations and store SQL on a real PostgreSQL, the scale-out database. Each run works in
 * a schema of its own, dropped afterwards, so runs on a shared server never meet.
 *
 * <p>The server is {@link SharedServices}'s ({@code GATEWAY_TEST_POSTGRES_URL}, {@code _USER},
 * {@code _PASSWORD}). Without a reachable server the class is skipped, unless
 * {@code GATEWAY_REQUIRE_POSTGRES=true} (as CI sets where PostgreSQL runs) makes that a failure.
 */
@RequiresPostgres
class PostgresMigrationTest {

    private static final String URL = SharedServices.POSTGRES_URL;
    private static final String USER = SharedServices.POSTGRES_USER;
    private static final String PASSWORD = SharedServices.POSTGRES_PASSWORD;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.654321Z");

    private static String schema;
    private static PGSimpleDataSource dataSource;

    private ManualTime time;
    private StoreDatabase database;

    @BeforeAll
    static void createSchemaAndMigrate() {
        PGSimpleDataSource admin = dataSource();
        schema = "gw_test_" + UUID.randomUUID().toString().replace("-", "");
        new JdbcTemplate(admin).execute("create schema " + schema);
        dataSource = dataSource();
        dataSource.setCurrentSchema(schema);
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (schema == null) {
            return;
        }
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("drop schema " + schema + " cascade");
        }
    }

    @BeforeEach
    void setUp() {
        time = new ManualTime(T0);
        database = new StoreDatabase(dataSource);
    }

    @Test
    void migrationsApplyCleanly() {
        Flyway flyway = Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .locations("classpath:db/migration").load();

        MigrationInfo[] applied = flyway.info().applied();
        assertThat(applied).isNotEmpty().allSatisfy(info -> assertThat(info.getState()).isEqualTo(MigrationState.SUCCESS));
        assertThat(flyway.info().pending()).isEmpty();
        List<String> tables = new JdbcTemplate(dataSource).queryForList(
                "select table_name from information_schema.tables where table_schema = ?", String.class, schema);
        assertThat(tables).contains("clients", "feature_flags", "history_sessions", "history_messages",
                "metric_reports", "jobs", "tools", "tool_oauth_flows", "tool_oauth_tokens",
                "usage_records", "usage_budget_counters");
    }

    @Test
    void everyDatabaseStoreReportsPostgresqlAndAnswersItsProbe() {
        List<StateStore> stores = List.of(new JdbcClientStore(database, time), new JdbcFlagStore(database, time),
                new JdbcHistoryStore(database, time), new JdbcMetricReportStore(database, time),
                new JdbcJobStore(database, time), new JdbcToolRegistryStore(database, time));

        for (StateStore store : stores) {
            store.ping();
            assertThat(store.backend()).as(store.kind()).isEqualTo("postgresql");
        }
    }

    @Test
    void historyIsStoredOnceAndPagedWithACursor() {
        JdbcHistoryStore history = new JdbcHistoryStore(database, time);
        UUID session = UUID.randomUUID();
        List<Message> messages = List.of(
                new Message(UUID.randomUUID().toString(), "user", "hello", T0, null, null),
                new Message(UUID.randomUUID().toString(), "assistant", "hi", T0.plusSeconds(1), "[]", "[{\"id\":\"s\"}]"),
                new Message(UUID.randomUUID().toString(), "user", "bye", T0.plusSeconds(2), null, null));

        assertThat(history.claim(session, "app-a")).isTrue();
        assertThat(history.claim(session, "app-b")).isFalse();
        assertThat(history.append(session, messages)).isEqualTo(3);
        assertThat(history.append(session, messages)).isZero();

        Page first = history.page(session, null, 2);
        Page second = history.page(session, first.nextCursor(), 2);
        assertThat(first.messages()).containsExactly(messages.get(2), messages.get(1));
        assertThat(second.messages()).containsExactly(messages.get(0));
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void jobsAreIdempotentAndChangeStateByCompareAndSet() {
        JdbcJobStore jobs = new JdbcJobStore(database, time);
        String key = UUID.randomUUID().toString();

        Created first = jobs.create("cache-warm", "admin", key);
        Created again = jobs.create("cache-warm", "admin", key);
        Created unkeyed = jobs.create("cache-warm", "admin", null);
        Created unkeyedToo = jobs.create("cache-warm", "admin", null);
        String id = first.job().id();

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.job()).isEqualTo(first.job());
        assertThat(unkeyedToo.job().id()).isNotEqualTo(unkeyed.job().id());
        assertThat(jobs.transition(id, State.QUEUED, State.RUNNING, null, null)).isTrue();
        assertThat(jobs.transition(id, State.QUEUED, State.RUNNING, null, null)).isFalse();
        time.advance(Duration.ofSeconds(2));
        assertThat(jobs.transition(id, State.RUNNING, State.FAILED, null, "{\"code\":\"UPSTREAM_TIMEOUT\"}")).isTrue();
        assertThat(jobs.cancel(id).orElseThrow().state()).isEqualTo(State.FAILED);
        assertThat(jobs.get(id).orElseThrow().error()).isEqualTo("{\"code\":\"UPSTREAM_TIMEOUT\"}");
        assertThat(jobs.get(id).orElseThrow().updatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(jobs.cancel(unkeyed.job().id()).orElseThrow().state()).isEqualTo(State.CANCELLED);
    }

    @Test
    void aMetricReportIsStoredOncePerRun() {
        JdbcMetricReportStore reports = new JdbcMetricReportStore(database, time);
        String runId = UUID.randomUUID().toString();

        assertThat(reports.saveIfAbsent(runId, "vue", "bench", "{\"p95\":210}")).isTrue();
        assertThat(reports.saveIfAbsent(runId, "vue", "bench", "{\"p95\":999}")).isFalse();
        assertThat(reports.find(runId).orElseThrow().payload()).isEqualTo("{\"p95\":210}");
        assertThat(reports.find(runId).orElseThrow().receivedAt()).isEqualTo(T0);
        assertThat(reports.recent(1)).isNotEmpty();
    }

    @Test
    void clientsFlagsAndToolsRoundTrip() {
        JdbcClientStore clients = new JdbcClientStore(database, time);
        JdbcFlagStore flags = new JdbcFlagStore(database, time);
        JdbcToolRegistryStore tools = new JdbcToolRegistryStore(database, time);
        String suffix = UUID.randomUUID().toString().substring(0, 8);

        clients.save(new NewClient("svc-" + suffix, Kind.CONFIDENTIAL, "hash", Set.of("bench", "admin"), null, true));
        clients.save(new NewClient("web-" + suffix, Kind.PUBLIC, null, Set.of("chat"), null, true,
                Set.of("http://localhost:5173", "https://chat.example.com")));
        assertThat(clients.find("web-" + suffix).orElseThrow().allowedOrigins())
                .containsExactlyInAnyOrder("http://localhost:5173", "https://chat.example.com");
        assertThat(clients.enabledOrigins()).containsEntry("web-" + suffix,
                Set.of("http://localhost:5173", "https://chat.example.com"));
        assertThat(clients.save(new NewClient("svc-" + suffix, Kind.CONFIDENTIAL, "hash2", Set.of("bench"), "2.0.0", true)))
                .satisfies(client -> {
                    assertThat(client.secretHash()).isEqualTo("hash2");
                    assertThat(client.scopes()).containsExactly("bench");
                    assertThat(client.createdAt()).isEqualTo(T0);
                });

        flags.set("chat-stream-" + suffix, false, "ops");
        flags.set("chat-stream-" + suffix, true, "ops2");
        assertThat(flags.find("chat-stream-" + suffix).orElseThrow().changedBy()).isEqualTo("ops2");

        tools.save("tool_" + suffix, "http", "1", "{}");
        assertThat(tools.setEnabled("tool_" + suffix, false)).isTrue();
        assertThat(tools.save("tool_" + suffix, "http", "2", "{\"v\":2}").enabled()).isFalse();
        assertThat(tools.list()).extracting(ToolRegistryStore.Tool::name).contains("tool_" + suffix);
    }

    @Test
    void toolOAuthFlowsAndTokensRoundTrip() {
        JdbcToolAuthorizationStoreTest.roundTrip(new JdbcToolAuthorizationStore(database));
    }

    @Test
    void theSchemaEnforcesWhatTheStoresRelyOn() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);

        assertThatThrownBy(() -> jdbc.update("insert into jobs (id, kind, state, owner_client_id, created_at, updated_at)"
                + " values ('x', 'k', 'paused', 'o', current_timestamp, current_timestamp)"))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update("insert into clients (id, kind, scopes, enabled, created_at, updated_at)"
                + " values ('c', 'confidential', '', true, current_timestamp, current_timestamp)"))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update("insert into tool_oauth_flows (id, owner_key, tool_name, provider, state_digest,"
                + " code_verifier, callback_url, scopes, status, created_at, expires_at) values ('f', 'o', 't', 'p', 's', 'v',"
                + " 'http://localhost/cb', '', 'lost', current_timestamp, current_timestamp)"))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    private static PGSimpleDataSource dataSource() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(URL);
        source.setUser(USER);
        if (!PASSWORD.isEmpty()) {
            source.setPassword(PASSWORD);
        }
        source.setConnectTimeout(3);
        source.setLoginTimeout(3);
        return source;
    }
}
