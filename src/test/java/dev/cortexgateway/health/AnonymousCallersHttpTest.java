package dev.cortexgateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.HealthExpectations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * What an anonymous caller on the public port sees once {@code management.server.port} gives the
 * actuator a port of its own (docs/decisions/0018-what-anonymous-callers-see.md): liveness only.
 * No detailed health (upstream host, stores, breakers, routes), no Prometheus scrape (route and tool
 * names), no probes; all of them answer on the management port. The local profile's single port is
 * covered by the route cases (routes-tests/health, routes-tests/security).
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.server.port=0")
@ActiveProfiles({"local", "test"})
@AutoConfigureObservability
class AnonymousCallersHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void thePublicPortAnswersLivenessOnly() throws Exception {
        HttpResponse<String> liveness = get(port, "/api/v1/health");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(liveness.body()).path("status").asText()).isEqualTo("ok");

        HttpResponse<String> detailed = get(port, "/api/v1/health?detailed=true");
        assertEnvelope(detailed, 403, "FORBIDDEN");
        assertThat(detailed.body()).doesNotContain("components").doesNotContain("127.0.0.1").doesNotContain("circuit");

        for (String path : new String[] {"/actuator/prometheus", "/actuator/gatewayhealth", "/actuator/health",
            "/actuator/health/liveness", "/actuator/info", "/actuator"}) {
            HttpResponse<String> answer = get(port, path);
            assertEnvelope(answer, 404, "NOT_FOUND");
            assertThat(answer.body()).as(path).doesNotContain("camel_").doesNotContain("route");
        }
    }

    @Test
    void theManagementPortServesTheDetailsTheProbesAndTheScrape() throws Exception {
        HttpResponse<String> detailed = get(managementPort, "/actuator/gatewayhealth");
        assertThat(detailed.statusCode()).as(detailed.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(detailed.body());
        HealthExpectations.assertStatusFollowsTheComponents(report);
        assertThat(report.path("components").path("routes").path("status").isObject()).isTrue();

        HttpResponse<String> scrape = get(managementPort, "/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("# TYPE");
        assertThat(get(managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    private static void assertEnvelope(HttpResponse<String> answer, int status, String code) throws Exception {
        assertThat(answer.statusCode()).as(answer.uri() + ": " + answer.body()).isEqualTo(status);
        JsonNode envelope = JSON.readTree(answer.body());
        assertThat(envelope.path("status").asText()).isEqualTo("error");
        assertThat(envelope.path("error").path("code").asText()).isEqualTo(code);
        assertThat(answer.headers().firstValue("X-Trace-Id")).hasValue(envelope.path("error").path("traceId").asText());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
