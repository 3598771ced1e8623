package dev.cortexgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.store.ClientStore;
import dev.cortexgateway.store.ClientStore.Kind;
import dev.cortexgateway.store.ClientStore.NewClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * CORS over real HTTP for what the route cases (routes-tests/cors/) cannot say: the origins come
 * from the registry in the database, so a change there is honoured within
 * gateway.cors.refresh-interval without a restart, for preflights and for the binding of an origin
 * to its client alike.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class CorsHttpTest {

    private static final String ORIGIN = "https://registry-change.example";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    ClientStore clients;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anOriginAddedInTheDatabaseIsHonouredAndOneRemovedIsRefusedWithoutARestart() throws Exception {
        assertThat(preflight(ORIGIN).statusCode()).isEqualTo(403);

        clients.save(new NewClient("cors-registry-web", Kind.PUBLIC, null, Set.of("chat"), null, true, Set.of(ORIGIN)));
        HttpResponse<String> allowed = await(() -> preflight(ORIGIN), r -> r.statusCode() == 204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);

        HttpResponse<String> token = sessionToken("cors-registry-web", ORIGIN);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String bearer = JSON.readTree(token.body()).path("token").asText();
        assertThat(validate(bearer, ORIGIN).statusCode()).isEqualTo(200);

        clients.save(new NewClient("cors-registry-web", Kind.PUBLIC, null, Set.of("chat"), null, true, Set.of()));
        HttpResponse<String> refused = await(() -> preflight(ORIGIN), r -> r.statusCode() == 403);
        assertThat(code(refused)).isEqualTo("CORS_REJECTED");
        // the token is still valid, only no longer from that origin
        assertThat(code(validate(bearer, ORIGIN))).isEqualTo("CORS_REJECTED");
        assertThat(validate(bearer, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anOpaqueOriginIsNeverAllowed() throws Exception {
        // sandboxed iframes and file: pages send "Origin: null"; no client can list it
        HttpResponse<String> refused = preflight("null");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(code(refused)).isEqualTo("CORS_REJECTED");
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return http.send(request("/api/v1/chat").header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> sessionToken(String clientId, String origin) throws Exception {
        String body = "{\"clientId\":\"" + clientId + "\",\"nonce\":\"" + java.util.UUID.randomUUID() + "\"}";
        return http.send(request("/api/v1/session/token").header("Origin", origin).header("Content-Type", "application/json")
                .header("X-Client-Version", "1.2.0").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> validate(String token, String origin) throws Exception {
        HttpRequest.Builder request = request("/api/v1/auth/validate").header("Authorization", "Bearer " + token);
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    private static String code(HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        return body.path("error").path("code").asText();
    }

    /** The refresh interval is 2 s: polls up to 10 s. */
    private static HttpResponse<String> await(Call call, Predicate<HttpResponse<String>> done) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        HttpResponse<String> last = call.send();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            last = call.send();
        }
        assertThat(done).as("within 10 s; last answer " + last.statusCode() + " " + last.body()).accepts(last);
        return last;
    }

    @FunctionalInterface
    private interface Call {
        HttpResponse<String> send() throws Exception;
    }
}
