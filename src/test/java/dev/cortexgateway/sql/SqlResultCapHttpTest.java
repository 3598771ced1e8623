package dev.cortexgateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The sql_exec byte cap over real HTTP: a 100 MB SELECT answers at once with at most about the cap. */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class SqlResultCapHttpTest {

    private static final int CAP = 1_048_576;

    @LocalServerPort
    int port;

    private GatewayClient client;

    @BeforeEach
    void login() throws Exception {
        client = GatewayClient.login(port, "test-tools-service", "tools-service-test-secret");
    }

    private GatewayClient.Answer sql(String statement) throws Exception {
        return client.post("/api/v1/tools/sql_exec", Map.of("sql", statement, "sessionId", UUID.randomUUID().toString()));
    }

    @Test
    void aHundredMegabyteSelectAnswersQuicklyWithinTheCap() throws Exception {
        for (String statement : new String[] {
                "SELECT REPEAT('x', 1000000) FROM SYSTEM_RANGE(1, 100)",
                "SELECT REPEAT('x', 2000000) FROM SYSTEM_RANGE(1, 100)",
                "SELECT REPEAT('x', 100000) FROM SYSTEM_RANGE(1, 1000)",
                "SELECT X, REPEAT('é', 5000) FROM SYSTEM_RANGE(1, 400)"}) {
            long started = System.nanoTime();
            GatewayClient.Answer answer = sql(statement);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(answer.status()).as(statement).isEqualTo(200);
            assertThat(took).as(statement).isLessThan(Duration.ofSeconds(5));
            assertThat(answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).as(statement)
                    .isLessThanOrEqualTo(CAP + 1024);
            assertThat(answer.json().path("truncated").asBoolean()).isTrue();
            assertThat(answer.json().path("truncatedReason").asText()).isEqualTo("max_bytes");
        }
    }

    @Test
    void aCellLargerThanTheCapLeavesNoRowButTheColumns() throws Exception {
        GatewayClient.Answer answer = sql("SELECT 1 AS id, REPEAT('y', 2000000) AS big");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("rowCount").asInt()).isZero();
        assertThat(answer.json().path("columns")).hasSize(2);
        assertThat(answer.json().path("truncatedReason").asText()).isEqualTo("max_bytes");
    }

    @Test
    void rowsCutAtTheCapAreWhole() throws Exception {
        GatewayClient.Answer answer = sql("SELECT X, REPEAT('x', 100000) AS filler FROM SYSTEM_RANGE(1, 20)");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("truncatedReason").asText()).isEqualTo("max_bytes");
        // ten rows of about 100 KB fit in 1 MB, the eleventh does not; each one kept is whole
        assertThat(answer.json().path("rowCount").asInt()).isEqualTo(10);
        answer.json().path("rows").forEach(row -> assertThat(row.get(1).asText()).hasSize(100_000));
    }

    @Test
    void ordinaryResultsAreUnchanged() throws Exception {
        GatewayClient.Answer answer = sql("SELECT order_id, region FROM orders ORDER BY order_id");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("truncated").asBoolean()).isFalse();
        assertThat(answer.json().has("truncatedReason")).isFalse();
        assertThat(answer.json().path("rowCount").asInt()).isEqualTo(answer.json().path("rows").size()).isPositive();
        assertThat(answer.json().path("columns").get(0).path("name").asText()).isEqualTo("order_id");
    }
}
