package dev.cortexgateway.store;

import dev.cortexgateway.identity.Owner;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

/** Usage records in the gateway's database (H2 or, on the cluster profile, the shared PostgreSQL). */
@Component
public final class JdbcUsageStore implements UsageStore {

    private static final String INSERT = """
            insert into usage_records (request_id, recorded_at, usage_day, client_id, user_subject, route_id, model,
                                       input_tokens, output_tokens, latency_ms, cache_hit, outcome)
            values (:requestId, :recordedAt, :day, :clientId, :userSubject, :routeId, :model,
                    :inputTokens, :outputTokens, :latencyMs, :cacheHit, :outcome)""";
    private static final String SUMS = """
            count(distinct request_id) as requests, coalesce(sum(input_tokens), 0) as input_tokens,
            coalesce(sum(output_tokens), 0) as output_tokens,
            count(distinct case when cache_hit then request_id end) as cache_hits,
            coalesce(avg(cast(latency_ms as double precision)), 0) as latency_ms""";

    private final StoreDatabase database;

    public JdbcUsageStore(StoreDatabase database) {
        this.database = database;
    }

    @Override
    public void saveAll(List<UsageRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        SqlParameterSource[] rows = records.stream().map(JdbcUsageStore::parameters).toArray(SqlParameterSource[]::new);
        database.jdbc().batchUpdate(INSERT, rows);
    }

    private static SqlParameterSource parameters(UsageRecord record) {
        return new MapSqlParameterSource()
                .addValue("requestId", record.requestId())
                .addValue("recordedAt", StoreDatabase.timestamp(record.recordedAt()))
                .addValue("day", LocalDate.ofInstant(record.recordedAt(), ZoneOffset.UTC))
                .addValue("clientId", record.clientId())
                .addValue("userSubject", record.userSubject())
                .addValue("routeId", record.routeId())
                .addValue("model", record.model())
                .addValue("inputTokens", record.inputTokens())
                .addValue("outputTokens", record.outputTokens())
                .addValue("latencyMs", record.latencyMs())
                .addValue("cacheHit", record.cacheHit())
                .addValue("outcome", record.outcome());
    }

    @Override
    public Summary summarize(Filter filter, GroupBy groupBy, int maxGroups) {
        MapSqlParameterSource parameters = new MapSqlParameterSource()
                .addValue("from", filter.from()).addValue("to", filter.to()).addValue("max", maxGroups);
        StringBuilder where = new StringBuilder(" from usage_records where usage_day between :from and :to");
        condition(where, parameters, "client_id", "clientId", filter.clientId());
        condition(where, parameters, "user_subject", "userSubject", filter.userSubject());
        condition(where, parameters, "route_id", "routeId", filter.routeId());
        condition(where, parameters, "model", "model", filter.model());
        Totals totals = database.jdbc().queryForObject("select " + SUMS + where, parameters, (row, i) -> totals(row));
        if (groupBy == null) {
            return new Summary(totals, List.of());
        }
        String columns = switch (groupBy) {
            case CLIENT -> "client_id";
            case USER -> "client_id, user_subject";
            case DAY -> "usage_day";
            case MODEL -> "model";
            case ROUTE -> "route_id";
        };
        // days in order; every other grouping biggest first
        String order = groupBy == GroupBy.DAY ? "usage_day"
                : "coalesce(sum(input_tokens), 0) + coalesce(sum(output_tokens), 0) desc, " + columns;
        List<Group> groups = database.jdbc().query("select " + columns + ", " + SUMS + where + " group by " + columns
                + " order by " + order + " limit :max", parameters, (row, i) -> new Group(key(row, groupBy), totals(row)));
        return new Summary(totals, groups);
    }

    private static void condition(StringBuilder where, MapSqlParameterSource parameters, String column, String name,
                                  String value) {
        if (value != null) {
            where.append(" and ").append(column).append(" = :").append(name);
            parameters.addValue(name, value);
        }
    }

    private static String key(ResultSet row, GroupBy groupBy) throws SQLException {
        return switch (groupBy) {
            case CLIENT -> row.getString("client_id");
            case USER -> new Owner(row.getString("client_id"), row.getString("user_subject")).key();
            case DAY -> row.getObject("usage_day", LocalDate.class).toString();
            case MODEL -> row.getString("model");
            case ROUTE -> row.getString("route_id");
        };
    }

    private static Totals totals(ResultSet row) throws SQLException {
        return new Totals(row.getLong("requests"), row.getLong("input_tokens"), row.getLong("output_tokens"),
                row.getLong("cache_hits"), row.getDouble("latency_ms"));
    }

    @Override
    public String kind() {
        return "usage";
    }

    @Override
    public String backend() {
        return database.backend();
    }

    @Override
    public void ping() {
        database.ping("usage_records");
    }
}
