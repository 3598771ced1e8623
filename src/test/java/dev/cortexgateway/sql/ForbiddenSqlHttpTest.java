package dev.cortexgateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole forbidden-statement corpus (src/test/resources/sql/forbidden-statements.txt) sent
 * through the gateway's sql_exec over HTTP: every statement is refused with a SQL code, and the
 * sample warehouse is exactly as it was afterwards.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class ForbiddenSqlHttpTest {

    private static final Set<String> SQL_CODES = Set.of("SQL_PARSE_ERROR", "SQL_MULTIPLE_STATEMENTS", "SQL_NOT_READ_ONLY");
    private static final String FINGERPRINT = """
            SELECT (SELECT COUNT(*) FROM customers) AS customers, (SELECT COUNT(*) FROM orders) AS orders,
                   (SELECT SUM(amount) FROM orders) AS revenue, (SELECT MAX(name) FROM customers) AS last_name,
                   (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'PUBLIC') AS table_count""";

    @LocalServerPort
    int port;

    @Test
    void everyForbiddenStatementIsRefusedAndTheSampleDataIsUnchanged() throws Exception {
        GatewayClient client = GatewayClient.login(port, "test-tools-service", "tools-service-test-secret");
        GatewayClient.Answer fingerprint = run(client, FINGERPRINT);
        assertThat(fingerprint.status()).as(fingerprint.body()).isEqualTo(200);
        JsonNode before = fingerprint.json().path("rows");
        List<String> corpus = SqlCorpus.read(SqlCorpus.FORBIDDEN).stream()
                .filter(entry -> entry.appliesTo(SqlDialect.H2)).map(SqlCorpus::sql).toList();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);

        List<String> accepted = new ArrayList<>();
        for (String statement : corpus) {
            GatewayClient.Answer answer = run(client, statement);
            String code = answer.json().path("error").path("code").asText();
            if (answer.status() != 400 || !SQL_CODES.contains(code)) {
                accepted.add(answer.status() + " " + code + " <- " + statement);
            }
            assertThat(answer.body()).doesNotContain("\tat ");
        }

        assertThat(accepted).as("statements not refused with a SQL code").isEmpty();
        assertThat(run(client, FINGERPRINT).json().path("rows")).isEqualTo(before);
        assertThat(before.get(0).get(0).asInt()).isEqualTo(20);
    }

    private static GatewayClient.Answer run(GatewayClient client, String sql) throws Exception {
        return client.post("/api/v1/tools/sql_exec", GatewayClient.JSON.createObjectNode()
                .put("sql", sql).put("sessionId", UUID.randomUUID().toString()));
    }
}
