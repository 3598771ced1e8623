package dev.cortexgateway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Jobs in the gateway's database. Idempotency rides on the unique (owner, key) constraint and state
 * changes on {@code update ... where state = :from}, so both hold across instances without locks.
 */
@Component
public final class JdbcJobStore implements JobStore {

    private static final String INSERT = """
            insert into jobs (id, kind, state, owner_client_id, idempotency_key, created_at, updated_at)
            values (:id, :kind, 'queued', :owner, :idempotencyKey, :now, :now)
            on conflict do nothing""";
    private static final String COLUMNS = """
            select id, kind, state, owner_client_id, idempotency_key, created_at, updated_at, result, error,
                   started_at, cpu_time_micros
            from jobs""";
    private static final String BY_KEY = COLUMNS + " where owner_client_id = :owner and idempotency_key = :idempotencyKey";
    private static final String TRANSITION = """
            update jobs set state = :to, updated_at = :now, result = :result, error = :error,
                            cpu_time_micros = :cpuTimeMicros
            where id = :id and state = :from""";
    private static final String START = """
            update jobs set state = 'running', updated_at = :now, started_at = :now
            where id = :id and state = :from""";
    private static final String RELEASE_KEY = """
            update jobs set idempotency_key = null where id = :id and created_at < :cutoff""";
    private static final String CANCEL = """
            update jobs set state = 'cancelled', updated_at = :now
            where id = :id and state in ('queued', 'running')""";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcJobStore.class);

    private final StoreDatabase database;
    private final Clock clock;
    private final List<Listener> listeners;

    @Autowired
    public JdbcJobStore(StoreDatabase database, ObjectProvider<Clock> clock, ObjectProvider<Listener> listeners) {
        this(database, clock.getIfAvailable(Clock::systemUTC), listeners.orderedStream().toList());
    }

    JdbcJobStore(StoreDatabase database, Clock clock) {
        this(database, clock, List.of());
    }

    JdbcJobStore(StoreDatabase database, Clock clock, List<Listener> listeners) {
        this.database = database;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public Created create(String kind, String owner, String idempotencyKey, Duration keyTtl) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(owner, "owner");
        String id = UUID.randomUUID().toString();
        MapSqlParameterSource parameters = new MapSqlParameterSource()
                .addValue("id", id)
                .addValue("kind", kind)
                .addValue("owner", owner)
                .addValue("idempotencyKey", idempotencyKey, Types.VARCHAR)
                .addValue("now", StoreDatabase.timestamp(clock.instant()));
        if (database.jdbc().update(INSERT, parameters) == 1) {
            return new Created(changed(get(id).orElseThrow()), true);
        }
        // only the (owner, key) constraint can refuse a fresh random id
        Job earlier = database.jdbc().query(BY_KEY, parameters, JdbcJobStore::job).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("job insert refused without an idempotency clash"));
        if (keyTtl != null && earlier.createdAt().plus(keyTtl).isBefore(clock.instant())) {
            // the key has expired: the old job keeps its record but gives the key up, once
            int released = database.jdbc().update(RELEASE_KEY, new MapSqlParameterSource()
                    .addValue("id", earlier.id())
                    .addValue("cutoff", StoreDatabase.timestamp(clock.instant().minus(keyTtl))));
            if (released == 1 && database.jdbc().update(INSERT, parameters) == 1) {
                return new Created(changed(get(id).orElseThrow()), true);
            }
            return create(kind, owner, idempotencyKey, null);
        }
        return new Created(earlier, false);
    }

    @Override
    public Optional<Job> get(String jobId) {
        return database.jdbc().query(COLUMNS + " where id = :id", new MapSqlParameterSource("id", jobId),
                JdbcJobStore::job).stream().findFirst();
    }

    @Override
    public boolean transition(String jobId, State from, State to, String result, String error, Long cpuTimeMicros) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("a job does not move from " + from + " to " + to);
        }
        boolean moved = database.jdbc().update(to == State.RUNNING ? START : TRANSITION, new MapSqlParameterSource()
                .addValue("id", jobId)
                .addValue("from", name(from))
                .addValue("to", name(to))
                .addValue("result", result, Types.VARCHAR)
                .addValue("error", error, Types.VARCHAR)
                .addValue("cpuTimeMicros", cpuTimeMicros, Types.BIGINT)
                .addValue("now", StoreDatabase.timestamp(clock.instant()))) == 1;
        if (moved && !listeners.isEmpty()) {
            get(jobId).ifPresent(this::changed);
        }
        return moved;
    }

    @Override
    public Optional<Job> cancel(String jobId) {
        int cancelled = database.jdbc().update(CANCEL, new MapSqlParameterSource()
                .addValue("id", jobId)
                .addValue("now", StoreDatabase.timestamp(clock.instant())));
        Optional<Job> after = get(jobId);
        if (cancelled == 1) {
            after.ifPresent(this::changed);
        }
        return after;
    }

    private Job changed(Job job) {
        for (Listener listener : listeners) {
            try {
                listener.changed(job);
            } catch (RuntimeException e) {
                LOG.warn("a job listener failed on job {}: {}", job.id(), e.getClass().getSimpleName());
            }
        }
        return job;
    }

    @Override
    public String kind() {
        return "jobs";
    }

    @Override
    public String backend() {
        return database.backend();
    }

    @Override
    public void ping() {
        database.ping("jobs");
    }

    private static String name(State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static Job job(ResultSet row, int index) throws SQLException {
        return new Job(row.getString("id"), row.getString("kind"),
                row.getString("owner_client_id"),
                State.valueOf(row.getString("state").toUpperCase(Locale.ROOT)),
                row.getString("idempotency_key"),
                StoreDatabase.instant(row.getObject("created_at", OffsetDateTime.class)),
                StoreDatabase.instant(row.getObject("updated_at", OffsetDateTime.class)),
                row.getString("result"), row.getString("error"),
                StoreDatabase.instant(row.getObject("started_at", OffsetDateTime.class)),
                row.getObject("cpu_time_micros", Long.class));
    }
}
