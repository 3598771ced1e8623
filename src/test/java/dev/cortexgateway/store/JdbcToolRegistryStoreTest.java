package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.store.ToolRegistryStore.Tool;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcToolRegistryStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DEFINITION = "{\"inputSchema\":{\"type\":\"object\"},\"timeoutMs\":10000}";

    private H2TestDatabase database;
    private ManualTime time;
    private JdbcToolRegistryStore store;

    @BeforeEach
    void setUp() {
        database = H2TestDatabase.migrated();
        time = new ManualTime(T0);
        store = new JdbcToolRegistryStore(database.store(), time);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aNewToolIsEnabled() {
        Tool saved = store.save("cortex_search", "builtin", "1", DEFINITION);

        assertThat(saved).isEqualTo(new Tool("cortex_search", "builtin", "1", DEFINITION, true, T0, T0));
        assertThat(store.find("cortex_search")).contains(saved);
        assertThat(store.find("nope")).isEmpty();
    }

    @Test
    void reRegisteringReplacesTheDefinitionButKeepsTheSwitch() {
        store.save("weather", "http", "1", DEFINITION);
        store.setEnabled("weather", false);
        time.advance(Duration.ofMinutes(1));

        Tool replaced = store.save("weather", "http", "2", "{}");

        assertThat(replaced.version()).isEqualTo("2");
        assertThat(replaced.definition()).isEqualTo("{}");
        assertThat(replaced.enabled()).isFalse();
        assertThat(replaced.createdAt()).isEqualTo(T0);
        assertThat(replaced.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    }

    @Test
    void enablingAnUnknownToolSaysSo() {
        assertThat(store.setEnabled("nope", true)).isFalse();
        store.save("sql_exec", "builtin", "1", DEFINITION);
        assertThat(store.setEnabled("sql_exec", false)).isTrue();
        assertThat(store.find("sql_exec").orElseThrow().enabled()).isFalse();
    }

    @Test
    void toolsAreListedByNameDisabledOnesIncluded() {
        store.save("sql_exec", "builtin", "1", DEFINITION);
        store.save("data_to_chart", "builtin", "1", DEFINITION);
        store.setEnabled("sql_exec", false);

        assertThat(store.list()).extracting(Tool::name).containsExactly("data_to_chart", "sql_exec");
    }
}
