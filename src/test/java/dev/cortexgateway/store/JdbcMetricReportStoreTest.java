package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.store.MetricReportStore.Report;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcMetricReportStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private H2TestDatabase database;
    private ManualTime time;
    private JdbcMetricReportStore store;

    @BeforeEach
    void setUp() {
        database = H2TestDatabase.migrated();
        time = new ManualTime(T0);
        store = new JdbcMetricReportStore(database.store(), time);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aRunIsStoredOnceAndTheFirstReportWins() {
        assertThat(store.saveIfAbsent("run-1", "react", "bench-a", "{\"ttfbMs\":120}")).isTrue();
        time.advance(Duration.ofSeconds(3));
        assertThat(store.saveIfAbsent("run-1", "vue", "bench-b", "{\"ttfbMs\":999}")).isFalse();

        assertThat(store.find("run-1")).contains(new Report("run-1", "react", "bench-a", T0, "{\"ttfbMs\":120}"));
        assertThat(store.recent(10)).hasSize(1);
    }

    @Test
    void recentReportsComeNewestFirst() {
        store.saveIfAbsent("run-1", "react", "bench-a", "{}");
        time.advance(Duration.ofSeconds(1));
        store.saveIfAbsent("run-2", "vue", "bench-a", "{}");
        time.advance(Duration.ofSeconds(1));
        store.saveIfAbsent("run-3", "react", "bench-a", "{}");

        assertThat(store.recent(2)).extracting(Report::runId).containsExactly("run-3", "run-2");
        assertThatThrownBy(() -> store.recent(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownRunIsNotFound() {
        assertThat(store.find("run-404")).isEmpty();
    }
}
