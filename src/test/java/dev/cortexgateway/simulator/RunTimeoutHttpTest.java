package dev.cortexgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.GatewayApplication;
import java.time.Duration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * A run that outlives {@code gateway.simulator.run-timeout} is ended by the container's async
 * timeout: counted as cancelled, and its long stall no longer waits on the scheduler.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gateway.simulator.run-timeout=1s")
@ActiveProfiles({"local", "test"})
class RunTimeoutHttpTest {

    @Autowired
    SimulatorServer simulator;

    @Autowired
    SimulatorRuns runs;

    @Test
    void timedOutRunIsCancelledAndItsStallUnscheduled() throws Exception {
        runs.reset();
        StreamPlayer player = simulator.bean(StreamPlayer.class);
        SimClient client = new SimClient(simulator.port());
        try (SimClient.Stream stream = client.stream(SimulatorHttpTestBase.AGENT_RUN,
                SimClient.agentRun("[[sim:stall after=1 seconds=600]] hello"))) {
            assertThat(stream.next(Duration.ofSeconds(5)).name()).isEqualTo("response.status");
            // the stall's task is scheduled right after the first event is written: wait for it, bounded
            SimulatorHttpTestBase.await(() -> player.pendingTasks() == 1, Duration.ofSeconds(5));
            SimulatorHttpTestBase.await(() -> runs.cancelled() == 1, Duration.ofSeconds(10));
            // the count goes up as the container times the run out; the stall is unscheduled right after
            SimulatorHttpTestBase.await(() -> player.pendingTasks() == 0, Duration.ofSeconds(5));
            assertThat(runs.activeStreams()).isZero();
            assertThat(stream.next(Duration.ofSeconds(5))).as("the stream ends").isNull();
        }
    }
}
