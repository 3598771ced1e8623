package dev.cortexgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.cortexgateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue #3's attack forms against a real protected route over HTTP: each is refused with the
 * envelope and none reaches the route's dispatch step ({@code mock:admin-dispatch} in
 * test-routes/fixtures.yaml), while a genuine admin token does.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class TokenAttacksOverHttpTest {

    // the test profile's signing secret and key id (application-test.yaml)
    private static final String SECRET = "test-secret-0123456789abcdef-0123456789abcdef";
    private static final String KID = "test-k2";

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private MockEndpoint dispatch;

    @BeforeEach
    void resetDispatch() {
        dispatch = camel.getEndpoint("mock:admin-dispatch", MockEndpoint.class);
        dispatch.reset();
    }

    static Stream<Arguments> attacks() throws Exception {
        String valid = forge(SECRET, JWSAlgorithm.HS256, c -> { });
        String[] parts = valid.split("\\.");
        String tamperedPayload = Base64URL.encode(new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                .replace("\"sub\":\"demo-admin\"", "\"sub\":\"someone-else\"")).toString();
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("alg none", new PlainJWT(claims(c -> { }).build()).serialize(), 401),
                Arguments.of("alg none with a kid", Base64URL.encode("{\"alg\":\"none\",\"kid\":\"" + KID + "\"}") + "." + parts[1] + ".", 401),
                Arguments.of("signed with another secret", forge("another-secret-0123456789abcdef-0123456789", JWSAlgorithm.HS256, c -> { }), 401),
                Arguments.of("tampered payload", parts[0] + "." + tamperedPayload + "." + parts[2], 401),
                Arguments.of("expired", forge(SECRET, JWSAlgorithm.HS256, c -> c.issueTime(Date.from(now.minusSeconds(900)))
                        .expirationTime(Date.from(now.minusSeconds(120)))), 401),
                Arguments.of("not yet valid", forge(SECRET, JWSAlgorithm.HS256, c -> c.notBeforeTime(Date.from(now.plusSeconds(600)))), 401),
                Arguments.of("wrong audience", forge(SECRET, JWSAlgorithm.HS256, c -> c.audience("another-api")), 401),
                Arguments.of("wrong issuer", forge(SECRET, JWSAlgorithm.HS256, c -> c.issuer("evil-issuer")), 401),
                Arguments.of("missing exp", forge(SECRET, JWSAlgorithm.HS256, c -> c.expirationTime(null)), 401),
                Arguments.of("HS512 with the right secret", forge(SECRET + SECRET, JWSAlgorithm.HS512, c -> { }), 401),
                Arguments.of("chat token on an admin route", forge(SECRET, JWSAlgorithm.HS256, c -> c.claim("scope", "chat history")), 403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusedWithTheEnvelopeBeforeDispatch(String attack, String token, int status) throws Exception {
        HttpResponse<String> response = send(Map.of("Authorization", "Bearer " + token), "");

        assertThat(response.statusCode()).as(attack).isEqualTo(status);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("status").asText()).isEqualTo("error");
        assertThat(body.at("/error/code").asText()).isEqualTo(status == 401 ? "UNAUTHORIZED" : "FORBIDDEN");
        assertThat(body.at("/error/traceId").asText()).isNotBlank();
        assertThat(dispatch.getReceivedCounter()).as(attack + " reached dispatch").isZero();
    }

    @Test
    void aValidTokenInTheQueryStringIsRefusedToo() throws Exception {
        HttpResponse<String> response = send(Map.of(), "?access_token=" + forge(SECRET, JWSAlgorithm.HS256, c -> { }));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(dispatch.getReceivedCounter()).isZero();
    }

    @Test
    void aGenuineAdminTokenReachesDispatch() throws Exception {
        HttpResponse<String> response = send(Map.of("Authorization", "Bearer " + forge(SECRET, JWSAlgorithm.HS256, c -> { })), "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(dispatch.getReceivedCounter()).isEqualTo(1);
    }

    @Test
    void aTokenOfThePreviousKeyStillWorksAfterRotation() throws Exception {
        String old = sign("test-previous-secret-0123456789abcdef-01234", "test-k1", JWSAlgorithm.HS256, c -> { });

        assertThat(send(Map.of("Authorization", "Bearer " + old), "").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(Map<String, String> headers, String query) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/fixtures/admin-only" + query));
        headers.forEach(request::header);
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JWTClaimsSet.Builder claims(Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer("cortex-gateway").audience("cortex-gateway-api").subject("demo-admin")
                .claim("scope", "admin chat").jwtID("0b9d7c52-6f1e-4d2a-8c3b-5e4f3a2b1c0d")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
        change.accept(claims);
        return claims;
    }

    private static String forge(String secret, JWSAlgorithm alg, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        return sign(secret, KID, alg, change);
    }

    private static String sign(String secret, String kid, JWSAlgorithm alg, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(kid).build(),
                claims(change).build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
