package dev.cortexgateway.store;

import java.sql.DatabaseMetaData;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * The database-backed stores' shared handle on the gateway's DataSource: the SQL they write runs
 * unchanged on H2 (PostgreSQL mode) and PostgreSQL, so the only thing that differs is the name
 * health reports.
 */
@Component
public final class StoreDatabase {

    /** Health probes must answer quickly even when the database hangs. */
    private static final int PING_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final NamedParameterJdbcTemplate jdbc;
    private final JdbcTemplate pingJdbc;
    private volatile String product;

    public StoreDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.pingJdbc = new JdbcTemplate(dataSource);
        this.pingJdbc.setQueryTimeout(PING_TIMEOUT_SECONDS);
    }

    public NamedParameterJdbcTemplate jdbc() {
        return jdbc;
    }

    /**
     * The database product in lower case ({@code h2}, {@code postgresql}). Never throws: health asks
     * for it when the database is down too, and then gets {@code unknown} until it is back.
     */
    public String backend() {
        String known = product;
        if (known != null) {
            return known;
        }
        try {
            String name = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            product = name.toLowerCase(Locale.ROOT);
            return product;
        } catch (MetaDataAccessException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Reads nothing from {@code table} but fails when the database or the table is not there. */
    public void ping(String table) {
        pingJdbc.queryForList("select 1 from " + table + " where 1 = 0");
    }

    /**
     * Insert-or-update that needs neither {@code MERGE} nor {@code ON CONFLICT DO UPDATE} (H2 lacks
     * the one, PostgreSQL's {@code MERGE} races): update; when no row was there insert, and when a
     * concurrent writer inserted first, update its row.
     */
    public void upsert(String update, String insertIfAbsent, SqlParameterSource parameters) {
        if (jdbc.update(update, parameters) > 0) {
            return;
        }
        if (jdbc.update(insertIfAbsent, parameters) > 0) {
            return;
        }
        jdbc.update(update, parameters);
    }

    /**
     * Both databases keep microseconds: truncating before writing means what a store returns for a
     * row it just wrote equals what it reads back later.
     */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
