package dev.cortexgateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.events.GatewayEvents;
import dev.cortexgateway.testing.GatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Two end users of one public client over {@code /api/v1/ws}: each sees its own job progress only,
 * and one user's connections do not use up the other's allowance.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gateway.ws.max-connections-per-owner=2", "gateway.ws.max-connections-per-client=4",
                "gateway.ws.system-events.enabled=false"})
@ActiveProfiles({"local", "test"})
class EndUserWsHttpTest {

    @LocalServerPort
    int port;

    @Autowired
    WsConnections connections;

    private final List<WsTestClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(WsTestClient::close);
        await("connections closed").atMost(Duration.ofSeconds(5)).until(() -> connections.openConnections() == 0);
    }

    @Test
    void anEndUserSeesItsOwnJobProgressOnly() throws Exception {
        String alice = sessionToken();
        String bob = sessionToken();
        WsTestClient alicesSocket = connect();
        alicesSocket.auth(alice);
        alicesSocket.subscribe(GatewayEvents.JOB_UPDATES);
        WsTestClient bobsSocket = connect();
        bobsSocket.auth(bob);
        bobsSocket.subscribe(GatewayEvents.JOB_UPDATES);

        ObjectNode body = GatewayClient.JSON.createObjectNode();
        body.putObject("arguments").put("sql", "SELECT COUNT(*) AS n FROM orders").put("sessionId", UUID.randomUUID().toString());
        body.putObject("execution_options").put("async", true);
        HttpResponse<String> accepted = http("/api/v1/tools/sql_exec/execute", body, Map.of("Authorization", "Bearer " + alice));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        List<JsonNode> progress = alicesSocket.until(m -> "succeeded".equals(m.path("status").asText()));
        assertThat(progress).anyMatch(m -> "job_progress".equals(m.path("type").asText()));
        assertThat(bobsSocket.drainWithPing()).noneMatch(m -> "job_progress".equals(m.path("type").asText()));
    }

    @Test
    void oneEndUsersConnectionsLeaveRoomForAnother() throws Exception {
        String alice = sessionToken();
        connect().auth(alice);
        connect().auth(alice);
        WsTestClient third = connect();
        third.send(Map.of("type", "auth", "token", alice));
        assertThat(third.awaitClose()).isEqualTo(new WsTestClient.Closed(1013, "too many connections for this user"));

        WsTestClient bobs = connect();
        assertThat(bobs.auth(sessionToken()).path("subject").asText()).startsWith("s_");
        connect().auth(sessionToken());
        WsTestClient fifth = connect();
        fifth.send(Map.of("type", "auth", "token", sessionToken()));
        assertThat(fifth.awaitClose()).isEqualTo(new WsTestClient.Closed(1013, "too many connections for this client"));
    }

    private WsTestClient connect() {
        WsTestClient client = WsTestClient.connect(port);
        clients.add(client);
        return client;
    }

    private String sessionToken() throws Exception {
        HttpResponse<String> answer = http("/api/v1/session/token",
                Map.of("clientId", "demo-web", "nonce", UUID.randomUUID().toString()), Map.of("X-Client-Version", "1.0.0"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return GatewayClient.JSON.readTree(answer.body()).path("token").asText();
    }

    private HttpResponse<String> http(String path, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GatewayClient.JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
