package dev.cortexgateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.simulator.ReceivedTraceparents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Tracing off, as by default: no spans, yet a client's {@code traceparent} still reaches Cortex as it
 * was sent, and its trace id is the answer's {@code X-Trace-Id}. A request without one sends none.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class TraceparentPassThroughHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    ReceivedTraceparents simulatorReceived;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aClientsTraceparentReachesCortexUnchangedWithTracingOff() throws Exception {
        String token = token();
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        HttpResponse<String> answer = analyst(token, traceparent);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Trace-Id")).hasValue("0af7651916cd43dd8448eb211c80319c");
        assertThat(simulatorReceived.all()).anyMatch(r -> r.traceparent().equals(traceparent));

        var before = simulatorReceived.all();
        HttpResponse<String> untraced = analyst(token, null);
        assertThat(untraced.statusCode()).isEqualTo(200);
        assertThat(untraced.headers().firstValue("X-Trace-Id").orElseThrow()).matches("[0-9a-f]{32}");
        assertThat(simulatorReceived.all()).as("nothing made up when the client sent no trace").isEqualTo(before);
    }

    private HttpResponse<String> analyst(String token, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/tools/cortex_analyst_text_to_sql"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"What was the revenue by quarter?\"}"));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String token() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\",\"client_id\":\"test-tools-service\""
                        + ",\"client_secret\":\"tools-service-test-secret\"}")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("access_token").asText();
    }
}
