package dev.cortexgateway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/** Clients in the gateway's database; scopes are kept space-separated, as OAuth writes them. */
@Component
public final class JdbcClientStore implements ClientStore {

    private static final String SELECT = """
            select id, kind, secret_hash, scopes, min_client_version, enabled, allowed_origins, created_at, updated_at,
                previous_secret_hash
            from clients where id = :id""";
    private static final String ENABLED_ORIGINS = """
            select id, allowed_origins from clients where enabled = true and allowed_origins <> ''""";
    private static final String UPDATE = """
            update clients set kind = :kind, secret_hash = :secretHash, scopes = :scopes,
                min_client_version = :minClientVersion, enabled = :enabled, allowed_origins = :allowedOrigins,
                previous_secret_hash = :previousSecretHash, updated_at = :now
            where id = :id""";
    private static final String INSERT = """
            insert into clients (id, kind, secret_hash, scopes, min_client_version, enabled, allowed_origins,
                previous_secret_hash, created_at, updated_at)
            values (:id, :kind, :secretHash, :scopes, :minClientVersion, :enabled, :allowedOrigins,
                :previousSecretHash, :now, :now)
            on conflict do nothing""";

    private final StoreDatabase database;
    private final Clock clock;

    @Autowired
    public JdbcClientStore(StoreDatabase database, ObjectProvider<Clock> clock) {
        this(database, clock.getIfAvailable(Clock::systemUTC));
    }

    JdbcClientStore(StoreDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Optional<Client> find(String clientId) {
        return database.jdbc().query(SELECT, new MapSqlParameterSource("id", clientId), JdbcClientStore::client)
                .stream().findFirst();
    }

    @Override
    public Map<String, Set<String>> enabledOrigins() {
        Map<String, Set<String>> origins = new HashMap<>();
        database.jdbc().query(ENABLED_ORIGINS, (RowCallbackHandler) row ->
                origins.put(row.getString("id"), words(row.getString("allowed_origins"))));
        return Map.copyOf(origins);
    }

    @Override
    public Client save(NewClient client) {
        OffsetDateTime now = StoreDatabase.timestamp(clock.instant());
        MapSqlParameterSource parameters = new MapSqlParameterSource()
                .addValue("id", client.id())
                .addValue("kind", client.kind().name().toLowerCase(Locale.ROOT))
                .addValue("secretHash", client.secretHash(), Types.VARCHAR)
                .addValue("scopes", String.join(" ", new TreeSet<>(client.scopes())))
                .addValue("minClientVersion", client.minClientVersion(), Types.VARCHAR)
                .addValue("enabled", client.enabled())
                .addValue("allowedOrigins", String.join(" ", new TreeSet<>(client.allowedOrigins())))
                .addValue("previousSecretHash", client.previousSecretHash(), Types.VARCHAR)
                .addValue("now", now);
        database.upsert(UPDATE, INSERT, parameters);
        return find(client.id()).orElseThrow();
    }

    @Override
    public String kind() {
        return "clients";
    }

    @Override
    public String backend() {
        return database.backend();
    }

    @Override
    public void ping() {
        database.ping("clients");
    }

    private static Client client(ResultSet row, int index) throws SQLException {
        return new Client(row.getString("id"),
                Kind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)),
                row.getString("secret_hash"),
                words(row.getString("scopes")),
                row.getString("min_client_version"),
                row.getBoolean("enabled"),
                words(row.getString("allowed_origins")),
                StoreDatabase.instant(row.getObject("created_at", OffsetDateTime.class)),
                StoreDatabase.instant(row.getObject("updated_at", OffsetDateTime.class)),
                row.getString("previous_secret_hash"));
    }

    private static Set<String> words(String text) {
        return text == null || text.isEmpty() ? Set.of()
                : Arrays.stream(text.split(" ")).collect(Collectors.toUnmodifiableSet());
    }
}
