package dev.cortexgateway.tools.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The one tool route template with each kind's parameters, over real HTTP: the kinds are found as
 * beans, each kind's steps are routes of its own file, and a tool's pipeline is built from the
 * template with its kind's retry configuration.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class ToolPipelineHttpTest {

    @LocalServerPort
    int port;

    @Autowired
    ToolKinds kinds;

    @Autowired
    CamelContext camel;

    @Test
    void everyKindIsFoundAndTheRegistrableOnesAreTheDeclarativeOnes() {
        assertThat(kinds.all()).extracting(ToolKind::name)
                .containsExactly("sql_template", "http", "cortex_search", "cortex_analyst", "sql_exec", "data_to_chart");
        assertThat(kinds.registrable()).extracting(ToolKind::name)
                .containsExactly("sql_template", "http", "cortex_search", "cortex_analyst");
        for (ToolKind kind : kinds.all()) {
            ToolRoute route = kind.route();
            for (String endpoint : new String[] {route.prepare(), route.dispatch(), route.map()}) {
                assertThat(camel.hasEndpoint(endpoint)).as(kind.name() + " step " + endpoint + " is a route of its file").isNotNull();
            }
        }
    }

    @Test
    void aToolsPipelineIsBuiltFromTheTemplateWithItsKindsParameters() throws Exception {
        GatewayClient tools = GatewayClient.login(port, "test-tools-service", "tools-service-test-secret");
        GatewayClient.Answer failed = tools.post("/api/v1/tools/cortex_search", Map.of("query", "[[sim:status code=503]] travel"));
        assertThat(failed.status()).as(failed.body()).isEqualTo(424);
        assertThat(camel.getRoute("tool-cortex_search").getConfigurationId()).as("the Cortex kinds are metered: their retries and the usage record").isEqualTo("tool-retries-cortex,tool-usage");

        GatewayClient.Answer chart = tools.post("/api/v1/tools/data_to_chart", Map.of(
                "chartType", "bar",
                "data", Map.of("rows", List.of(Map.of("region", "NA", "revenue", 10), Map.of("region", "EMEA", "revenue", 7)))));
        assertThat(chart.status()).as(chart.body()).isEqualTo(200);
        assertThat(camel.getRoute("tool-data_to_chart").getConfigurationId()).isEqualTo("tool-no-retries");
    }
}
