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

/** Feature flags in the gateway's database, so every instance sees the same switch. */
@Component
public final class JdbcFlagStore implements FlagStore {

    private static final String COLUMNS = "select route_id, enabled, changed_by, changed_at from feature_flags";
    private static final String UPDATE = """
            update feature_flags set enabled = :enabled, changed_by = :changedBy, changed_at = :now
            where route_id = :routeId""";
    private static final String INSERT = """
            insert into feature_flags (route_id, enabled, changed_by, changed_at)
            values (:routeId, :enabled, :changedBy, :now)
            on conflict do nothing""";

    private final StoreDatabase database;
    private final Clock clock;

    @Autowired
    public JdbcFlagStore(StoreDatabase database, ObjectProvider<Clock> clock) {
        this(database, clock.getIfAvailable(Clock::systemUTC));
    }

    JdbcFlagStore(StoreDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Optional<Flag> find(String routeId) {
        return database.jdbc().query(COLUMNS + " where route_id = :routeId",
                new MapSqlParameterSource("routeId", routeId), JdbcFlagStore::flag).stream().findFirst();
    }

    @Override
    public Flag set(String routeId, boolean enabled, String changedBy) {
        OffsetDateTime now = StoreDatabase.timestamp(clock.instant());
        database.upsert(UPDATE, INSERT, new MapSqlParameterSource()
                .addValue("routeId", routeId)
                .addValue("enabled", enabled)
                .addValue("changedBy", changedBy)
                .addValue("now", now));
        return new Flag(routeId, enabled, changedBy, now.toInstant());
    }

    @Override
    public List<Flag> list() {
        return database.jdbc().query(COLUMNS + " order by route_id", JdbcFlagStore::flag);
    }

    @Override
    public String kind() {
        return "flags";
    }

    @Override
    public String backend() {
        return database.backend();
    }

    @Override
    public void ping() {
        database.ping("feature_flags");
    }

    private static Flag flag(ResultSet row, int index) throws SQLException {
        return new Flag(row.getString("route_id"), row.getBoolean("enabled"), row.getString("changed_by"),
                StoreDatabase.instant(row.getObject("changed_at", OffsetDateTime.class)));
    }
}
