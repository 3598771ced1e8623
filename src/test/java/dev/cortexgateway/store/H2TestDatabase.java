package dev.cortexgateway.store;

import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fresh in-memory H2 database per test, opened with the same flags as the gateway's own
 * (read from application.yaml, so the two cannot drift) and migrated by Flyway from the real
 * migration folder.
 */
final class H2TestDatabase implements AutoCloseable {

    private final DataSource dataSource;

    private H2TestDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static H2TestDatabase migrated() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url());
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        return new H2TestDatabase(h2);
    }

    /** {@code jdbc:h2:mem:<random>} with the gateway's flags, kept open until {@link #close()}. */
    static String url() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yaml"));
        Properties properties = yaml.getObject();
        String gatewayUrl = properties.getProperty("spring.datasource.url");
        String flags = gatewayUrl.substring(gatewayUrl.indexOf(';'));
        return "jdbc:h2:mem:" + UUID.randomUUID() + flags + ";DB_CLOSE_DELAY=-1";
    }

    DataSource dataSource() {
        return dataSource;
    }

    StoreDatabase store() {
        return new StoreDatabase(dataSource);
    }

    @Override
    public void close() {
        new JdbcTemplate(dataSource).execute("shutdown");
    }
}
