package dev.cortexgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The simulator on the running application, over real HTTP on its own port, in the same context as
 * the other HTTP tests (profiles local and test, where the simulator is enabled).
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
abstract class SimulatorHttpTestBase {

    static final String AGENT_RUN = "/api/v2/cortex/agent:run";
    static final Duration STREAM_TIMEOUT = Duration.ofSeconds(20);

    /** The gateway's port, where the simulator must not answer. */
    @LocalServerPort
    int gatewayPort;

    @Autowired
    SimulatorServer simulator;

    @Autowired
    SimulatorRuns runs;

    SimClient client;

    @BeforeEach
    void quietSimulator() throws InterruptedException {
        client = new SimClient(simulator.port());
        // a stream left by an earlier test must not end (and be counted) during this one
        await(() -> runs.activeStreams() == 0, Duration.ofSeconds(10));
        runs.reset();
    }

    static void await(BooleanSupplier condition, Duration timeout) {
        Awaitility.await().atMost(timeout).until(condition::getAsBoolean);
    }

    static List<String> names(List<SimClient.Event> events) {
        return events.stream().map(SimClient.Event::name).toList();
    }

    static SimClient.Event only(List<SimClient.Event> events, String name) {
        List<SimClient.Event> matching = events.stream().filter(e -> name.equals(e.name())).toList();
        assertThat(matching).as("events named %s", name).hasSize(1);
        return matching.get(0);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return SimClient.JSON.readTree(response.body());
    }

    /** Snowflake's ErrorResponse, with the request id also in the header. */
    static void assertSnowflakeError(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("code").asText()).isNotBlank();
        assertThat(body.path("request_id").asText()).isNotBlank();
        assertThat(response.headers().firstValue("X-Snowflake-Request-ID")).hasValue(body.path("request_id").asText());
    }
}
