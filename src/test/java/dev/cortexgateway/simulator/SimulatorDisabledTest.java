package dev.cortexgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The simulator must not exist unless it is switched on explicitly. */
class SimulatorDisabledTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(
            AgentRunController.class, SearchController.class, AnalystController.class, StatementsController.class,
            SimulatorAuthFilter.class, StreamPlayer.class, Warehouse.class, SimulatorRuns.class);

    @Test
    void absentByDefault() {
        context.run(app -> assertThat(app).hasNotFailed()
                .doesNotHaveBean(AgentRunController.class)
                .doesNotHaveBean(SearchController.class)
                .doesNotHaveBean(AnalystController.class)
                .doesNotHaveBean(StatementsController.class)
                .doesNotHaveBean(SimulatorAuthFilter.class)
                .doesNotHaveBean(StreamPlayer.class)
                .doesNotHaveBean(Warehouse.class)
                .doesNotHaveBean(SimulatorRuns.class));
    }

    @Test
    void absentUnlessExactlyTrue() {
        context.withPropertyValues("gateway.simulator.enabled=false")
                .run(app -> assertThat(app).doesNotHaveBean(AgentRunController.class));
        context.withPropertyValues("gateway.simulator.enabled=yes")
                .run(app -> assertThat(app).doesNotHaveBean(Warehouse.class));
    }
}
