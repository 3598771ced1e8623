package dev.cortexgateway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/** The tool registry in the gateway's database, shared by every instance. */
@Component
public final class JdbcToolRegistryStore implements ToolRegistryStore {

    private static final String COLUMNS = """
            select name, kind, version, definition, enabled, created_at, updated_at from tools""";
    private static final String UPDATE = """
            update tools set kind = :kind, version = :version, definition = :definition, updated_at = :now
            where name = :name""";
    private static final String INSERT = """
            insert into tools (name, kind, version, definition, enabled, created_at, updated_at)
            values (:name, :kind, :version, :definition, true, :now, :now)
            on conflict do nothing""";
    private static final String SET_ENABLED = """
            update tools set enabled = :enabled, updated_at = :now where name = :name""";

    private final StoreDatabase database;
    private final Clock clock;

    @Autowired
    public JdbcToolRegistryStore(StoreDatabase database, ObjectProvider<Clock> clock) {
        this(database, clock.getIfAvailable(Clock::systemUTC));
    }

    JdbcToolRegistryStore(StoreDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Tool save(String name, String kind, String version, String definition) {
        database.upsert(UPDATE, INSERT, new MapSqlParameterSource()
                .addValue("name", name)
                .addValue("kind", kind)
                .addValue("version", version)
                .addValue("definition", definition)
                .addValue("now", StoreDatabase.timestamp(clock.instant())));
        return find(name).orElseThrow();
    }

    @Override
    public Optional<Tool> find(String name) {
        return database.jdbc().query(COLUMNS + " where name = :name", new MapSqlParameterSource("name", name),
                JdbcToolRegistryStore::tool).stream().findFirst();
    }

    @Override
    public List<Tool> list() {
        return database.jdbc().query(COLUMNS + " order by name", JdbcToolRegistryStore::tool);
    }

    @Override
    public boolean setEnabled(String name, boolean enabled) {
        return database.jdbc().update(SET_ENABLED, new MapSqlParameterSource()
                .addValue("name", name)
                .addValue("enabled", enabled)
                .addValue("now", StoreDatabase.timestamp(clock.instant()))) == 1;
    }

    @Override
    public String kind() {
        return "tools";
    }

    @Override
    public String backend() {
        return database.backend();
    }

    @Override
    public void ping() {
        database.ping("tools");
    }

    private static Tool tool(ResultSet row, int index) throws SQLException {
        return new Tool(row.getString("name"), row.getString("kind"), row.getString("version"),
                row.getString("definition"), row.getBoolean("enabled"),
                StoreDatabase.instant(row.getObject("created_at", OffsetDateTime.class)),
                StoreDatabase.instant(row.getObject("updated_at", OffsetDateTime.class)));
    }
}
