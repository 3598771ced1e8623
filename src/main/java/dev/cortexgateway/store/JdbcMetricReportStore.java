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

/** Metric reports in the gateway's database; the run id's primary key makes "once" hold across instances. */
@Component
public final class JdbcMetricReportStore implements MetricReportStore {

    private static final String INSERT = """
            insert into metric_reports (run_id, client, submitted_by, received_at, payload)
            values (:runId, :client, :submittedBy, :now, :payload)
            on conflict do nothing""";
    private static final String COLUMNS = "select run_id, client, submitted_by, received_at, payload from metric_reports";

    private final StoreDatabase database;
    private final Clock clock;

    @Autowired
    public JdbcMetricReportStore(StoreDatabase database, ObjectProvider<Clock> clock) {
        this(database, clock.getIfAvailable(Clock::systemUTC));
    }

    JdbcMetricReportStore(StoreDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public boolean saveIfAbsent(String runId, String client, String submittedBy, String payload) {
        return database.jdbc().update(INSERT, new MapSqlParameterSource()
                .addValue("runId", runId)
                .addValue("client", client)
                .addValue("submittedBy", submittedBy)
                .addValue("now", StoreDatabase.timestamp(clock.instant()))
                .addValue("payload", payload)) == 1;
    }

    @Override
    public Optional<Report> find(String runId) {
        return database.jdbc().query(COLUMNS + " where run_id = :runId", new MapSqlParameterSource("runId", runId),
                JdbcMetricReportStore::report).stream().findFirst();
    }

    @Override
    public long count() {
        Long rows = database.jdbc().queryForObject("select count(*) from metric_reports", new MapSqlParameterSource(), Long.class);
        return rows == null ? 0 : rows;
    }

    @Override
    public List<Report> recent(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return database.jdbc().query(COLUMNS + " order by received_at desc, run_id limit :rows",
                new MapSqlParameterSource("rows", limit), JdbcMetricReportStore::report);
    }

    @Override
    public String kind() {
        return "metric-reports";
    }

    @Override
    public String backend() {
        return database.backend();
    }

    @Override
    public void ping() {
        database.ping("metric_reports");
    }

    private static Report report(ResultSet row, int index) throws SQLException {
        return new Report(row.getString("run_id"), row.getString("client"), row.getString("submitted_by"),
                StoreDatabase.instant(row.getObject("received_at", OffsetDateTime.class)), row.getString("payload"));
    }
}
