package dev.cortexgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The simulator is reachable only on its own loopback port, and its SQL API cannot reach past its
 * sample data: the probe that read the gateway's clients table through {@code LINK_SCHEMA} and gave
 * {@code demo-web} the admin scope, replayed.
 */
class SimulatorIsolationHttpTest extends SimulatorHttpTestBase {

    private static final String STATEMENTS = "/api/v2/statements";

    @Autowired
    DataSource gatewayState;

    @Value("${spring.datasource.url}")
    String gatewayStateUrl;

    @Test
    void theGatewaysPortAnswersTheNotFoundEnvelopeForEverySimulatorPath() throws Exception {
        SimClient gateway = new SimClient(gatewayPort);
        assertThat(simulator.port()).isNotEqualTo(gatewayPort);
        for (HttpResponse<String> answer : List.of(
                gateway.post(STATEMENTS, Map.of("statement", "SELECT 1")),
                gateway.post(AGENT_RUN, SimClient.agentRun("hello")),
                gateway.post("/api/v2/cortex/analyst/message", Map.of()),
                gateway.get(STATEMENTS + "/any"))) {
            assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(404);
            JsonNode error = json(answer).path("error");
            assertThat(error.path("code").asText()).isEqualTo("NOT_FOUND");
            assertThat(answer.headers().firstValue("X-Snowflake-Request-ID")).isEmpty();
        }
        assertThat(runs.startedByEndpoint()).isEmpty();
    }

    @Test
    void theSimulatorListensOnLoopbackOnlyAndServesNothingButSnowflakesPaths() throws Exception {
        assertThat(simulator.baseUrl().getHost()).isEqualTo("127.0.0.1");
        for (String path : List.of("/api/v1/health", "/actuator/health", "/api/v2/no-such-endpoint")) {
            assertSnowflakeError(client.get(path), 404);
        }
    }

    @Test
    void statementsThatReachFilesOrOtherDatabasesAreRefused() throws Exception {
        String before = demoWebScopes();
        Path written = Files.createTempDirectory("sim-isolation").resolve("out.csv");
        String link = "'org.h2.Driver', '" + gatewayStateUrl.replace("'", "''") + "', 'sa', ''";
        for (String sql : List.of(
                "SELECT FILE_READ('/etc/hostname')",
                "SELECT FILE_WRITE('x', '" + written + "')",
                "CALL CSVWRITE('" + written + "', 'SELECT 1')",
                "SELECT * FROM CSVREAD('/etc/hostname')",
                "SELECT * FROM LINK_SCHEMA('GW', " + link + ", 'PUBLIC')",
                "WITH t AS (SELECT 1 AS x) SELECT LINK_SCHEMA('GW', " + link + ", 'PUBLIC') FROM t",
                "CREATE LINKED TABLE gw_clients(" + link + ", 'clients')",
                "UPDATE clients SET scopes = 'admin' WHERE id = 'demo-web'",
                "SELECT 1; UPDATE clients SET scopes = 'admin'")) {
            HttpResponse<String> refused = client.post(STATEMENTS, Map.of("statement", sql));
            assertThat(refused.statusCode()).as(sql).isEqualTo(422);
            assertThat(json(refused).path("message").asText()).as(sql).contains("read-only");
        }
        assertThat(written).doesNotExist();
        assertThat(demoWebScopes()).isEqualTo(before).doesNotContain("admin");
    }

    @Test
    void statementsRunAsTheReadOnlyAccountNotAsAdmin() throws Exception {
        HttpResponse<String> user = client.post(STATEMENTS, Map.of("statement", "SELECT CURRENT_USER"));
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(json(user).path("data").get(0).get(0).asText()).isEqualTo("GATEWAY_READER");
    }

    private String demoWebScopes() {
        return new JdbcTemplate(gatewayState).queryForObject("select scopes from clients where id = 'demo-web'", String.class);
    }
}
