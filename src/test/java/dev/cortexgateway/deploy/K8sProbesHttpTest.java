package dev.cortexgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every HTTP probe of the Deployment in deploy/k8s, requested from a running gateway on the path and
 * (by name) port the manifest gives: a probe on a path the gateway does not serve would restart or
 * withhold every pod.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class K8sProbesHttpTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Test
    void everyProbePathAnswersUpOnTheRunningGateway() throws Exception {
        JsonNode container = K8sManifests.load().single("Deployment").at("/spec/template/spec/containers/0");
        Map<String, String> probes = new LinkedHashMap<>();
        for (String probe : new String[] {"startupProbe", "livenessProbe", "readinessProbe"}) {
            JsonNode httpGet = container.path(probe).path("httpGet");
            assertThat(httpGet.path("path").isTextual()).as(probe + " is an httpGet probe with a path").isTrue();
            probes.put(probe, httpGet.path("path").asText());
        }
        for (Map.Entry<String, String> probe : probes.entrySet()) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + probe.getValue()))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(probe.getKey() + " " + probe.getValue() + ": " + answer.body()).isEqualTo(200);
            assertThat(answer.body()).as(probe.getKey()).contains("UP");
        }
    }
}
