package dev.cortexgateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The gateway pointed at a database that is not there (a closed local port): liveness stays 200,
 * detailed health answers 503 unhealthy and names the database, without the driver's message; a
 * request that needs the database answers 503 with Retry-After, not 500.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:postgresql://127.0.0.1:9/unreachable",
                "spring.datasource.hikari.initialization-fail-timeout=-1",
                "spring.datasource.hikari.connection-timeout=1000",
                "spring.flyway.enabled=false",
                // seeding writes to the database at start-up; this test is about losing it afterwards
                "gateway.clients.seed="})
@ActiveProfiles({"local", "test"})
class HealthWhenDatabaseDownTest {

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void livenessStaysUpAndDetailedHealthIsUnhealthy() throws Exception {
        HttpResponse<String> liveness = get("/api/v1/health");
        HttpResponse<String> detailed = get("/api/v1/health?detailed=true");

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(detailed.statusCode()).isEqualTo(503);
        JsonNode body = new ObjectMapper().readTree(detailed.body());
        assertThat(body.path("status").asText()).isEqualTo("unhealthy");
        assertThat(body.at("/components/database/status").asText()).isEqualTo("unhealthy");
        assertThat(detailed.body()).doesNotContain("127.0.0.1:9").doesNotContain("unreachable");
    }

    @Test
    void aTokenGrantWhileTheDatabaseIsDownIs503WithRetryAfterNot500() throws Exception {
        HttpResponse<String> grant = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"grant_type\":\"client_credentials\",\"client_id\":\"demo-admin\",\"client_secret\":\"x\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(grant.statusCode()).as(grant.body()).isEqualTo(503);
        assertThat(grant.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode body = new ObjectMapper().readTree(grant.body());
        assertThat(body.at("/error/code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(body.at("/error/retryable").asBoolean()).isTrue();
        assertThat(body.at("/error/traceId").asText()).matches("[0-9a-f]{32}");
        assertThat(grant.body()).doesNotContain("127.0.0.1:9").doesNotContain("unreachable").doesNotContain("Exception");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
