package dev.cortexgateway.sql;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.annotation.Validated;

/**
 * The warehouse {@code sql_exec} reads: an H2 database (by default a private in-memory one loaded
 * with the simulator's sample data) or Snowflake over JDBC with key-pair authentication. For H2
 * the account given here is the admin that loads the data; queries run as a read-only user the
 * gateway creates. Settings that only matter together are checked when the warehouse is built.
 *
 * @param dialect           where {@code sql_exec} runs: {@code h2} (the sample warehouse in memory,
 *                          queried as a SELECT-only user) or {@code snowflake}
 * @param url               H2 JDBC URL; unset means a new in-memory database per instance
 * @param username          H2 admin account that loads the sample data and creates the reader
 * @param password          its password
 * @param sampleData        load {@code classpath:simulator/warehouse.sql} into the H2 warehouse at start-up
 * @param maxPoolSize       connections to the warehouse at most
 * @param connectionTimeout how long a query waits for a free connection
 * @param snowflake         the Snowflake connection, used when the dialect is snowflake
 */
@Validated
@ConfigurationProperties("gateway.warehouse")
public record WarehouseProperties(
        @DefaultValue("h2") @NotNull SqlDialect dialect,
        String url,
        @DefaultValue("sa") String username,
        @DefaultValue("") String password,
        @DefaultValue("true") boolean sampleData,
        @DefaultValue("4") @Min(1) @Max(64) int maxPoolSize,
        @DefaultValue("5s") @NotNull @DurationMin(millis = 250) Duration connectionTimeout,
        @DefaultValue @Valid @NotNull Snowflake snowflake) {

    /**
     * @param account    account identifier, e.g. {@code myorg-myaccount} (or its full host name)
     * @param user       user the public key is registered on; give it a role that can only read
     * @param privateKey unencrypted PKCS#8 PEM, inline or as a file path
     * @param database   default database
     * @param schema     default schema
     * @param warehouse  virtual warehouse the queries run on
     * @param role       role the session uses
     */
    public record Snowflake(String account, String user, String privateKey, String database, String schema,
                            String warehouse, String role) {

        @Override
        public String toString() {
            // records print every component; this one holds a key
            return "Snowflake[account=" + account + ", user=" + user + ", database=" + database + ", schema=" + schema
                    + ", warehouse=" + warehouse + ", role=" + role + "]";
        }
    }

    /** The defaults as Spring binds them, for code and tests that run without Spring. */
    public static WarehouseProperties defaults() {
        return new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("gateway.warehouse", WarehouseProperties.class);
    }

    @Override
    public String toString() {
        return "WarehouseProperties[dialect=" + dialect + ", url=" + url + ", username=" + username + ", sampleData=" + sampleData
                + ", maxPoolSize=" + maxPoolSize + ", connectionTimeout=" + connectionTimeout + ", snowflake=" + snowflake + "]";
    }
}
