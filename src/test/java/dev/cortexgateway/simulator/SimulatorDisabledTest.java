package dev.cortexgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * Without a profile that asks for it there is no simulator: the gateway started as a deployment
 * starts it (no profile, the Cortex settings pointed at an account elsewhere) serves no
 * {@code /api/v2} path on its port and runs no simulator server.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "gateway.cortex.base-url=https://myorg-myaccount.snowflakecomputing.com",
                "gateway.cortex.auth.type=pat",
                "gateway.cortex.auth.token=a-pat-for-elsewhere",
                "gateway.jwt.secret=disabled-simulator-test-secret-0123456789abcdef",
                "gateway.data-dir=${java.io.tmpdir}/cortex-gateway-test-${random.uuid}"})
class SimulatorDisabledTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void noProfileMeansNoSimulator() {
        assertThat(context.getEnvironment().getActiveProfiles()).isEmpty();
        assertThat(context.getBeanNamesForType(SimulatorServer.class)).isEmpty();
        assertThat(context.getBeanNamesForType(SimulatorRuns.class)).isEmpty();
    }

    @Test
    void simulatorPathsAreNotServedOnTheGatewaysPort() throws Exception {
        SimClient gateway = new SimClient(port);
        for (HttpResponse<String> answer : List.of(
                gateway.post("/api/v2/statements", Map.of("statement", "SELECT FILE_READ('/etc/hostname')")),
                gateway.post("/api/v2/cortex/agent:run", SimClient.agentRun("hello")),
                gateway.post("/api/v2/databases/DB/schemas/S/cortex-search-services/SVC:query", Map.of("query", "x")))) {
            assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(404);
            JsonNode body = SimClient.JSON.readTree(answer.body());
            assertThat(body.path("error").path("code").asText()).isEqualTo("NOT_FOUND");
        }
    }
}
