package dev.cortexgateway.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.RunScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The warehouse {@code sql_exec} queries (through {@link WarehouseQuery}), also bound into Camel's
 * registry as {@code warehouse} (by {@link WarehouseInCamel}, so this class stays plain Java). Its DataSource is deliberately not a Spring bean: a second DataSource
 * bean would make Spring Boot back off from the gateway's own. The pool connects as an account
 * that can only read, the second lock behind {@link SqlGuard}: on H2 the gateway loads the sample
 * data as admin and creates {@value #READER} with SELECT on the loaded tables and views alone; on
 * Snowflake the configured user's role must be read-only. Statements are cancellable through the
 * running tool execution's {@link dev.cortexgateway.support.CancelScope}.
 */
@Component
public final class SqlWarehouse implements DisposableBean {

    /** The H2 account queries run as. */
    static final String READER = "GATEWAY_READER";
    private static final Logger LOG = LoggerFactory.getLogger(SqlWarehouse.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final SqlDialect dialect;
    private final HikariDataSource pool;
    private final DataSource dataSource;
    /** The admin side of an in-memory H2 database this instance created, shut down with it; else null. */
    private final JdbcDataSource ownedDatabase;

    /**
     * A warehouse outside Camel: the Cortex simulator's SQL API (its own in-memory H2 with the
     * sample data, queried through the same reader account as {@code sql_exec}), and tests.
     */
    public static SqlWarehouse standalone(WarehouseProperties properties) {
        return new SqlWarehouse(properties);
    }

    @Autowired
    SqlWarehouse(WarehouseProperties properties) {
        this.dialect = properties.dialect();
        HikariConfig config = new HikariConfig();
        config.setPoolName("warehouse");
        config.setMaximumPoolSize(properties.maxPoolSize());
        config.setMinimumIdle(Math.min(1, properties.maxPoolSize()));
        config.setConnectionTimeout(properties.connectionTimeout().toMillis());
        config.setReadOnly(true);
        config.setAutoCommit(true);
        if (dialect == SqlDialect.SNOWFLAKE) {
            config.setDataSource(SnowflakeDataSources.create(properties.snowflake()));
            // start without Snowflake: health reports it, the gateway's other APIs keep working,
            // and no session is opened until the first query
            config.setInitializationFailTimeout(-1);
            config.setMinimumIdle(0);
            this.ownedDatabase = null;
        } else {
            boolean owned = properties.url() == null || properties.url().isBlank();
            String url = owned ? "jdbc:h2:mem:warehouse_" + INSTANCES.incrementAndGet()
                    // VALUE as a column name (the sample revenue view), as in Snowflake and PostgreSQL
                    + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE;NON_KEYWORDS=VALUE" : properties.url();
            JdbcDataSource admin = new JdbcDataSource();
            admin.setURL(url);
            admin.setUser(properties.username());
            admin.setPassword(properties.password() == null ? "" : properties.password());
            String readerPassword = prepareH2(admin, properties.sampleData());
            // settings in the URL are re-applied at every connect and DB_CLOSE_DELAY needs admin
            // rights; the admin connection above has already set it for the database
            config.setJdbcUrl(url.replaceAll("(?i);DB_CLOSE_DELAY=[^;]*", ""));
            config.setUsername(READER);
            config.setPassword(readerPassword);
            this.ownedDatabase = owned ? admin : null;
        }
        this.pool = new HikariDataSource(config);
        this.dataSource = new CancellableDataSource(pool);
        LOG.info("warehouse ready: dialect={}, maxPoolSize={}", dialect, properties.maxPoolSize());
    }

    /** Loads the sample data if asked, then (re)creates the reader with SELECT on every table and view of PUBLIC. */
    private static String prepareH2(JdbcDataSource admin, boolean sampleData) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        // URL-safe Base64 without padding: no quote can reach the SQL below
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String step = "connecting as admin";
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            step = "loading simulator/warehouse.sql";
            if (sampleData) {
                try (Reader script = new InputStreamReader(new ClassPathResource("simulator/warehouse.sql").getInputStream(),
                        StandardCharsets.UTF_8)) {
                    RunScript.execute(connection, script);
                }
            }
            step = "creating the read-only user " + READER;
            statement.execute("CREATE USER IF NOT EXISTS " + READER + " PASSWORD '" + password + "'");
            statement.execute("ALTER USER " + READER + " SET PASSWORD '" + password + "'");
            statement.execute("ALTER USER " + READER + " ADMIN FALSE");
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(
                    "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME")) {
                while (rs.next()) {
                    tables.add("PUBLIC.\"" + rs.getString(1).replace("\"", "\"\"") + "\"");
                }
            }
            if (!tables.isEmpty()) {
                statement.execute("GRANT SELECT ON " + String.join(", ", tables) + " TO " + READER);
            }
            return password;
        } catch (SQLException e) {
            // not chained: H2's message quotes the statement, and the reader's password is in it
            throw new IllegalStateException("the H2 warehouse failed at " + step + " (SQLState " + e.getSQLState()
                    + ", error " + e.getErrorCode() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("simulator/warehouse.sql cannot be read", e);
        }
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** The pool as the routes use it: read-only account, statements cancellable by the tool execution. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Connections lent out right now: each is a statement running (or about to) on the warehouse. */
    public int activeConnections() {
        return pool.getHikariPoolMXBean() == null ? 0 : pool.getHikariPoolMXBean().getActiveConnections();
    }

    /** True when a connection can be had and is valid within two seconds; never throws. */
    public boolean ping() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void destroy() {
        pool.close();
        if (ownedDatabase != null) {
            try (Connection connection = ownedDatabase.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                // the in-memory database goes away with this instance either way
            }
        }
    }
}
