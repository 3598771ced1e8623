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
 * detailed health answers 503 unhealthy and names the database, without the driver's message.
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

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
