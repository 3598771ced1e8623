package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.InProcessRateLimitProperties;
import dev.cortexgateway.config.InProcessStoreProperties;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The stores as Spring wires them: Boot's own Flyway set-up migrates an H2 database opened with the
 * gateway's flags, and every store comes up as a bean that health can probe.
 */
class StoreWiringTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    FlywayAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class))
            .withUserConfiguration(Stores.class)
            .withPropertyValues("spring.datasource.url=" + H2TestDatabase.url(),
                    "spring.datasource.username=sa",
                    "spring.flyway.locations=classpath:db/migration");

    @Test
    void everyStoreIsABeanThatAnswersItsProbe() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            // every migration on the class path applied, none left pending
            assertThat(context.getBean(Flyway.class).info().pending()).isEmpty();
            assertThat(context.getBean(Flyway.class).info().applied()).hasSize(
                    context.getBean(Flyway.class).info().all().length);

            Map<String, StateStore> stores = context.getBeansOfType(StateStore.class);
            assertThat(stores.values()).extracting(StateStore::kind).containsExactlyInAnyOrder(
                    "clients", "flags", "history", "metric-reports", "jobs", "tools",
                    "nonces", "replay-logs", "response-cache", "rate-limits", "usage", "usage-budgets");
            for (StateStore store : stores.values()) {
                store.ping();
                assertThat(store.backend()).as(store.kind())
                        .isEqualTo(store.getClass().getSimpleName().startsWith("Jdbc") ? "h2" : "in-process");
            }
        });
    }

    @Test
    void aBadBoundFailsStartUpNamingTheSetting() {
        runner.withPropertyValues("gateway.stores.in-process.cache.max-entries=0").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("gateway.stores.in-process.cache.maxEntries"));
    }

    @Test
    void aJdbcStoreThatCannotReachItsTableFailsItsProbe() {
        runner.run(context -> {
            StoreDatabase database = context.getBean(StoreDatabase.class);
            new JdbcTemplate(context.getBean(DataSource.class)).execute("drop table tools");

            assertThatThrownBy(() -> context.getBean(ToolRegistryStore.class).ping())
                    .isInstanceOf(DataAccessException.class);
            assertThat(database.backend()).isEqualTo("h2");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackageClasses = StateStore.class)
    @EnableConfigurationProperties({InProcessStoreProperties.class, InProcessRateLimitProperties.class})
    static class Stores {
    }
}
