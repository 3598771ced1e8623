package dev.cortexgateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.events.GatewayEvents;
import dev.cortexgateway.testing.GatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The FACT API's forms of {@code auth} and {@code subscribe} over real connections: a token with the
 * {@code Bearer } prefix, and {@code user_id} on {@code subscribe}, which narrows a confidential
 * client's subscription to that user's events and changes nothing for a session token (whose user
 * the token names). Real queries publish the events.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "gateway.ws.auth-timeout=2s",
                "gateway.ws.heartbeat-interval=500ms",
                "gateway.ws.max-queued-messages=16",
                "gateway.ws.max-connections-per-client=3",
                "gateway.ws.system-events.enabled=false"})
@ActiveProfiles({"local", "test"})
class WsUserIdHttpTest {

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
    void theTokenMayComeWithTheBearerPrefixOfAnAuthorizationHeader() throws Exception {
        GatewayClient service = GatewayClient.login(port, "test-query-service", "query-service-test-secret");
        WsTestClient prefixed = connect();
        prefixed.send(Map.of("type", "auth", "token", "Bearer " + service.token()));
        assertThat(prefixed.next("authenticated").path("client_id").asText()).isEqualTo("test-query-service");
        WsTestClient lowerCase = connect();
        lowerCase.send(Map.of("type", "auth", "token", "bearer " + service.token()));
        assertThat(lowerCase.next("authenticated").path("client_id").asText()).isEqualTo("test-query-service");

        WsTestClient prefixOnly = connect();
        prefixOnly.send(Map.of("type", "auth", "token", "Bearer "));
        assertThat(prefixOnly.awaitClose()).isEqualTo(new WsTestClient.Closed(1008, "auth needs a token"));
    }

    @Test
    void aConfidentialClientNamingAUserFollowsThatUsersQueriesOnly() throws Exception {
        GatewayClient service = GatewayClient.login(port, "test-query-service", "query-service-test-secret");
        WsTestClient alices = connect();
        alices.auth(service.token());
        JsonNode subscribed = subscribe(alices, "alice@example.com");
        assertThat(subscribed.path("user_id").asText()).isEqualTo("alice@example.com");
        WsTestClient everyone = connect();
        everyone.auth(service.token());
        assertThat(everyone.subscribe(GatewayEvents.QUERY_UPDATES).has("user_id")).isFalse();

        String forAlice = query(service, "alice@example.com");
        String forBob = query(service, "bob@example.com");
        String forItself = query(service, null);

        assertThat(queryIds(alices.drainWithPing())).containsOnly(forAlice);
        // without user_id a confidential client follows itself and every user it names
        assertThat(queryIds(everyone.drainWithPing())).containsExactlyInAnyOrder(forAlice, forBob, forItself);
    }

    @Test
    void aSessionTokensUserIdIsDataAndNeverWidensWhatItSees() throws Exception {
        String alice = sessionToken();
        String bob = sessionToken();
        WsTestClient alices = connect();
        alices.auth(alice);
        // naming a user changes nothing for a session token: its user is the token's
        assertThat(subscribe(alices, "bob@example.com").has("user_id")).isFalse();

        String alicesQuery = query(alice);
        String bobsQuery = query(bob);

        assertThat(queryIds(alices.drainWithPing())).containsOnly(alicesQuery).doesNotContain(bobsQuery);
    }

    @Test
    void aUserIdThatIsNotANonEmptyStringIsRefusedAndTheConnectionStays() throws Exception {
        GatewayClient service = GatewayClient.login(port, "test-query-service", "query-service-test-secret");
        WsTestClient socket = connect();
        socket.auth(service.token());
        for (Object bad : List.of(42, "", "  ", "x".repeat(257), Map.of("id", "alice"))) {
            socket.send(Map.of("type", "subscribe", "channel", GatewayEvents.QUERY_UPDATES, "user_id", bad));
            JsonNode error = socket.next("error");
            assertThat(error.path("code").asText()).isEqualTo("INVALID_REQUEST");
            assertThat(error.path("message").asText()).isEqualTo("user_id must be a non-empty string of at most 256 characters");
        }
        assertThat(subscribe(socket, "x".repeat(256)).path("user_id").asText()).hasSize(256);
        assertThat(socket.isClosed()).isFalse();
    }

    private JsonNode subscribe(WsTestClient socket, String userId) throws Exception {
        socket.send(Map.of("type", "subscribe", "channel", GatewayEvents.QUERY_UPDATES, "user_id", userId));
        return socket.next("subscribed");
    }

    private static List<String> queryIds(List<JsonNode> messages) {
        return messages.stream().filter(m -> "query_progress".equals(m.path("type").asText()))
                .map(m -> m.path("query_id").asText()).distinct().toList();
    }

    /** A real query of the service, for {@code userId} when not null; its query id. */
    private String query(GatewayClient service, String userId) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("query", "What is the travel policy? " + UUID.randomUUID());
        if (userId != null) {
            body.put("user_id", userId);
        }
        GatewayClient.Answer answer = service.post("/api/v1/query", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("query_id").asText();
    }

    /** A real query of an end user (session token); its query id. */
    private String query(String sessionToken) throws Exception {
        return post("/api/v1/query", Map.of("query", "What is the travel policy? " + UUID.randomUUID()),
                Map.of("Authorization", "Bearer " + sessionToken)).path("query_id").asText();
    }

    private String sessionToken() throws Exception {
        return post("/api/v1/session/token", Map.of("clientId", "demo-web", "nonce", UUID.randomUUID().toString()),
                Map.of("X-Client-Version", "1.0.0")).path("token").asText();
    }

    private JsonNode post(String path, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GatewayClient.JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return GatewayClient.JSON.readTree(response.body());
    }

    private WsTestClient connect() {
        WsTestClient client = WsTestClient.connect(port);
        clients.add(client);
        return client;
    }
}
