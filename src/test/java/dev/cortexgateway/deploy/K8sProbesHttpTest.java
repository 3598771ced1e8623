package dev.cortexgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
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
 * Every HTTP probe of the Deployment in deploy/k8s, requested from a running gateway on the path and
 * (by name) port the manifest gives: a probe on a path or port the gateway does not serve would
 * restart or withhold every pod. The gateway runs with the actuator on a management port of its
 * own, as the production profile has it (same settings as health/AnonymousCallersHttpTest, so the
 * two share one application context).
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.server.port=0")
@ActiveProfiles({"local", "test"})
@AutoConfigureObservability
class K8sProbesHttpTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void everyProbePathAnswersUpOnTheRunningGateway() throws Exception {
        JsonNode container = K8sManifests.load().single("Deployment").at("/spec/template/spec/containers/0");
        for (String probe : new String[] {"startupProbe", "livenessProbe", "readinessProbe"}) {
            JsonNode httpGet = container.path(probe).path("httpGet");
            assertThat(httpGet.path("path").isTextual()).as(probe + " is an httpGet probe with a path").isTrue();
            String portName = httpGet.path("port").asText();
            assertThat(portName).as(probe + " port, by name").isIn("http", "management");
            int target = portName.equals("management") ? managementPort : port;
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + target + httpGet.path("path").asText()))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(probe + " " + httpGet.path("path").asText() + ": " + answer.body()).isEqualTo(200);
            assertThat(answer.body()).as(probe).contains("UP");
        }
    }
}
