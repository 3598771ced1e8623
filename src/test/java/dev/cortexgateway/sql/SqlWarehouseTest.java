package dev.cortexgateway.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.cortexgateway.config.InvalidSettingException;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Building the warehouse for each dialect, and the settings that stop start-up. */
class SqlWarehouseTest {

    private static WarehouseProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("gateway.warehouse", WarehouseProperties.class);
    }

    @Test
    void theH2WarehouseIsBoundIntoCamelAndReadsAsTheReader() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        SqlWarehouse warehouse = new SqlWarehouse(WarehouseProperties.defaults());
        new WarehouseInCamel(warehouse, camel);
        try {
            assertThat(camel.getRegistry().lookupByNameAndType("warehouse", DataSource.class)).isSameAs(warehouse.dataSource());
            assertThat(warehouse.dialect()).isEqualTo(SqlDialect.H2);
            assertThat(warehouse.ping()).isTrue();
            try (Connection connection = warehouse.dataSource().getConnection(); Statement statement = connection.createStatement()) {
                // H2 takes JDBC's read-only flag as a hint only; the reader's rights are what bind
                assertThat(warehouse.dataSource().unwrap(HikariDataSource.class).isReadOnly()).isTrue();
                try (ResultSet rs = statement.executeQuery("SELECT CURRENT_USER, (SELECT COUNT(*) FROM revenue_by_quarter)")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(SqlWarehouse.READER);
                    assertThat(rs.getInt(2)).isPositive();
                }
                try (ResultSet rs = statement.executeQuery("SHOW COLUMNS FROM orders")) {
                    assertThat(rs.next()).isTrue();
                }
            }
        } finally {
            warehouse.destroy();
            camel.close();
        }
        assertThat(warehouse.ping()).isFalse();
    }

    @Test
    void everyInstanceHasItsOwnDatabase() throws SQLException {
        SqlWarehouse withData = new SqlWarehouse(WarehouseProperties.defaults());
        SqlWarehouse empty = new SqlWarehouse(bind(Map.of("gateway.warehouse.sample-data", "false")));
        try (Connection connection = empty.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
            assertThat(withData.ping()).isTrue();
        } finally {
            withData.destroy();
            empty.destroy();
        }
    }

    private static Map<String, String> snowflake() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> settings = new HashMap<>();
        settings.put("gateway.warehouse.dialect", "snowflake");
        settings.put("gateway.warehouse.snowflake.account", "myorg-test");
        settings.put("gateway.warehouse.snowflake.user", "GATEWAY_READER");
        settings.put("gateway.warehouse.snowflake.private-key", pem);
        settings.put("gateway.warehouse.snowflake.database", "ANALYTICS");
        settings.put("gateway.warehouse.snowflake.schema", "PUBLIC");
        settings.put("gateway.warehouse.snowflake.warehouse", "READ_WH");
        settings.put("gateway.warehouse.snowflake.role", "READER");
        return settings;
    }

    @Test
    void snowflakeIsConfiguredWithoutConnectingAtStartUp() throws Exception {
        Map<String, String> settings = snowflake();
        SqlWarehouse warehouse = new SqlWarehouse(bind(settings));
        try {
            assertThat(warehouse.dialect()).isEqualTo(SqlDialect.SNOWFLAKE);
            assertThat(warehouse.dataSource().isWrapperFor(CancellableDataSource.class)).isTrue();
        } finally {
            warehouse.destroy();
        }
        assertThat(bind(settings).toString()).doesNotContain("PRIVATE KEY").contains("myorg-test");
    }

    @Test
    void missingOrBadSnowflakeSettingsStopStartUpNamingTheSetting() throws Exception {
        for (String missing : new String[] {"account", "user", "private-key", "warehouse"}) {
            Map<String, String> settings = snowflake();
            settings.remove("gateway.warehouse.snowflake." + missing);
            assertThatThrownBy(() -> new SqlWarehouse(bind(settings))).isInstanceOf(InvalidSettingException.class)
                    .extracting(e -> ((InvalidSettingException) e).setting()).isEqualTo("gateway.warehouse.snowflake." + missing);
        }
        Map<String, String> settings = snowflake();
        settings.put("gateway.warehouse.snowflake.private-key", "/no/such/key.p8");
        assertThatThrownBy(() -> new SqlWarehouse(bind(settings))).isInstanceOf(InvalidSettingException.class)
                .extracting(e -> ((InvalidSettingException) e).setting()).isEqualTo("gateway.warehouse.snowflake.private-key");
    }

    @Test
    void secretsStayOutOfToString() {
        WarehouseProperties properties = bind(Map.of("gateway.warehouse.password", "pw-secret-1",
                "gateway.warehouse.snowflake.private-key", "key-secret-2"));
        assertThat(properties.toString()).doesNotContain("pw-secret-1").doesNotContain("key-secret-2");
    }

    @EnableConfigurationProperties({WarehouseProperties.class, SqlToolProperties.class})
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void defaultsBindAndBadValuesFailStartUp() {
        context.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            SqlToolProperties sql = ctx.getBean(SqlToolProperties.class);
            assertThat(sql.maxRows()).isEqualTo(500);
            assertThat(sql.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(sql.queryTimeoutSeconds()).isEqualTo(30);
            assertThat(sql.deniedFunctions()).contains("FILE_READ", "CSVWRITE", "LINK_SCHEMA", "SYSTEM$*");
            WarehouseProperties warehouse = ctx.getBean(WarehouseProperties.class);
            assertThat(warehouse.dialect()).isEqualTo(SqlDialect.H2);
            assertThat(warehouse.maxPoolSize()).isEqualTo(4);
            assertThat(warehouse.sampleData()).isTrue();
        });
        for (String bad : new String[] {"gateway.tools.sql.max-rows=0", "gateway.tools.sql.query-timeout=0s",
                "gateway.tools.sql.denied-functions=FILE READ", "gateway.warehouse.max-pool-size=0",
                "gateway.warehouse.dialect=oracle"}) {
            context.withPropertyValues(bad).run(ctx -> assertThat(ctx).as(bad).hasFailed());
        }
    }
}
