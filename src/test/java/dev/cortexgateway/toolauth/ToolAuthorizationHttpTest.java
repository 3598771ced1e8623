package dev.cortexgateway.toolauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.sun.net.httpserver.HttpServer;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.SeedExamples;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Exception;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OAuth authorization of http tools end to end, over real HTTP: a real OAuth 2.0 server in this JVM
 * (mock-oauth2-server: authorize with a non-interactive login that redirects with a code, token and
 * refresh grants, PKCE checked), the tool's host and another host as JDK HTTP servers that record the
 * Authorization header they get, and end users of the public demo-web client.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
@ExtendWith(OutputCaptureExtension.class)
class ToolAuthorizationHttpTest {

    private static final String ISSUER = "tools";
    private static final String CLIENT_SECRET = "provider-client-secret-" + UUID.randomUUID();
    private static final String CALLBACK = "http://localhost:5173/oauth/callback";
    private static final MockOAuth2Server OAUTH = new MockOAuth2Server();
    private static final String TOKEN_KEY = Base64.getEncoder().encodeToString(UUID.randomUUID().toString()
            .substring(0, 32).getBytes(StandardCharsets.US_ASCII));
    private static final HttpServer TOOL_HOST;
    private static final HttpServer OTHER_HOST;
    /** Authorization header values each host received, in order ("none" when absent). */
    private static final List<String> TOOL_HOST_AUTH = new CopyOnWriteArrayList<>();
    private static final List<String> OTHER_HOST_AUTH = new CopyOnWriteArrayList<>();

    static {
        try {
            OAUTH.start();
            TOOL_HOST = host(TOOL_HOST_AUTH);
            OTHER_HOST = host(OTHER_HOST_AUTH);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static HttpServer host(List<String> seen) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/items", exchange -> {
            seen.add(exchange.getRequestHeaders().getFirst("Authorization") == null ? "none"
                    : exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"items\":[\"a\",\"b\"]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("gateway.tools.http.allowed-hosts", () -> origin(TOOL_HOST) + "," + origin(OTHER_HOST));
        registry.add("gateway.tools.oauth.providers.demo.authorize-url", () -> OAUTH.authorizationEndpointUrl(ISSUER).toString());
        registry.add("gateway.tools.oauth.providers.demo.token-url", () -> OAUTH.tokenEndpointUrl(ISSUER).toString());
        registry.add("gateway.tools.oauth.providers.demo.client-id", () -> "cortex-gateway-tools");
        registry.add("gateway.tools.oauth.providers.demo.client-secret", () -> CLIENT_SECRET);
        // the provider (as OpenID providers do) wants openid among the scopes of an authorization request
        registry.add("gateway.tools.oauth.providers.demo.scopes", () -> "openid,read,write");
        registry.add("gateway.tools.oauth.token-key", () -> TOKEN_KEY);
        // a token is used until it has expired, so the test sees the one it was given, then a refreshed one
        registry.add("gateway.tools.oauth.refresh-before", () -> "0s");
    }

    private static String origin(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        OAUTH.shutdown();
        TOOL_HOST.stop(0);
        OTHER_HOST.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private GatewayClient admin;
    private String oauthTool;
    private String plainTool;

    @BeforeEach
    void registerTools() throws Exception {
        admin = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        oauthTool = "repo_items_" + suffix;
        plainTool = "plain_items_" + suffix;
        ObjectNode withOAuth = tool(oauthTool, origin(TOOL_HOST));
        withOAuth.putObject("oauth").put("provider", "demo").putArray("scopes").add("openid").add("read").add("write");
        assertThat(admin.post("/api/v1/tools", withOAuth).status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/tools", tool(plainTool, origin(OTHER_HOST))).status()).isEqualTo(201);
    }

    @Test
    void authorizeCallCallRefreshedRevokeAndRefused(CapturedOutput output) throws Exception {
        GatewayClient alice = endUser();
        GatewayClient bob = endUser();

        GatewayClient.Answer refused = alice.post("/api/v1/tools/" + oauthTool, "{}");
        assertAuthorizationRequired(refused, oauthTool);

        JsonNode flow = start(alice, oauthTool, List.of("openid", "read"));
        assertThat(flow.path("status").asText()).isEqualTo("pending");
        assertThat(SeedExamples.keyPaths(flow, Set.of()))
                .isEqualTo(SeedExamples.keyPaths(SeedExamples.example("authorizeTool", "200", SeedExamples.FACT), Set.of()));
        URI authorizationUrl = URI.create(flow.path("authorization_url").asText());
        Map<String, String> query = query(authorizationUrl);
        assertThat(authorizationUrl.toString()).startsWith(OAUTH.authorizationEndpointUrl(ISSUER).toString());
        assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", "cortex-gateway-tools")
                .containsEntry("redirect_uri", CALLBACK).containsEntry("scope", "openid read")
                .containsEntry("code_challenge_method", "S256").containsKey("code_challenge");
        assertThat(query.get("state")).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(flow.path("authorization_flow_id").asText());
        assertThat(authorizationUrl.toString()).doesNotContain(CLIENT_SECRET);

        // the first access token lives 2 s, so the test sees it used and then refreshed
        OAUTH.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, "alice", "JWT", List.of("tools"), Map.of(), 2));
        Map<String, String> redirect = login(authorizationUrl);
        GatewayClient.Answer completed = alice.post("/api/v1/auth/tools/callback", callback(flow, redirect.get("code"), redirect.get("state")));
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        JsonNode authorization = completed.json();
        assertThat(SeedExamples.keyPaths(authorization, Set.of())).isEqualTo(SeedExamples.keyPaths(
                SeedExamples.example("completeToolAuthorization", "200", SeedExamples.FACT), Set.of()));
        assertThat(authorization.path("status").asText()).isEqualTo("active");
        assertThat(authorization.path("tool_name").asText()).isEqualTo(oauthTool);
        assertThat(authorization.path("user_id").asText()).startsWith("s_");
        assertThat(authorization.path("authorization_id").asText()).startsWith("auth_");

        GatewayClient.Answer replayed = alice.post("/api/v1/auth/tools/callback", callback(flow, redirect.get("code"), redirect.get("state")));
        assertFlowInvalid(replayed, "completed");

        GatewayClient.Answer called = alice.post("/api/v1/tools/" + oauthTool, "{}");
        assertThat(called.status()).as(called.body()).isEqualTo(200);
        assertThat(called.json().at("/body/items/0").asText()).isEqualTo("a");
        String firstToken = TOOL_HOST_AUTH.get(TOOL_HOST_AUTH.size() - 1);
        assertThat(firstToken).startsWith("Bearer ey");
        String firstAccess = firstToken.substring("Bearer ".length());

        // the stored tokens are ciphertexts, bound to their row: the gateway's key opens them, nothing else shows them
        Map<String, Object> row = jdbc.queryForMap("select owner_key, access_token, refresh_token from tool_oauth_tokens"
                + " where tool_name = ?", oauthTool);
        String ownerKey = (String) row.get("owner_key");
        assertThat(ownerKey).startsWith("demo-web/s_");
        assertThat((String) row.get("access_token")).doesNotContain(firstAccess.substring(0, 20));
        TokenCipher cipher = new TokenCipher(new ToolOAuthProperties(TOKEN_KEY, false, Duration.ofMinutes(10),
                Duration.ZERO, Duration.ofSeconds(5), Map.of(), java.util.List.of()));
        assertThat(cipher.decrypt((String) row.get("access_token"), ownerKey, oauthTool, "access_token")).isEqualTo(firstAccess);
        String refreshToken = cipher.decrypt((String) row.get("refresh_token"), ownerKey, oauthTool, "refresh_token");
        assertThat(refreshToken).isNotBlank();
        assertThat((String) row.get("refresh_token")).doesNotContain(refreshToken);

        // another host never gets it: a plain tool of the same user on another origin
        int before = OTHER_HOST_AUTH.size();
        assertThat(alice.post("/api/v1/tools/" + plainTool, "{}").status()).isEqualTo(200);
        assertThat(OTHER_HOST_AUTH.subList(before, OTHER_HOST_AUTH.size())).containsExactly("none");

        // tokens are per end user: bob has none
        assertAuthorizationRequired(bob.post("/api/v1/tools/" + oauthTool, "{}"), oauthTool);

        // past its expiry the token is refreshed with the refresh token before the call
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            GatewayClient.Answer again = alice.post("/api/v1/tools/" + oauthTool, "{}");
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(TOOL_HOST_AUTH.get(TOOL_HOST_AUTH.size() - 1)).startsWith("Bearer ey").isNotEqualTo(firstToken);
        });
        String refreshedAccess = TOOL_HOST_AUTH.get(TOOL_HOST_AUTH.size() - 1).substring("Bearer ".length());
        List<String> grants = tokenRequestGrants();
        assertThat(grants).contains("authorization_code", "refresh_token");

        assertThat(alice.delete("/api/v1/auth/tools/" + oauthTool + "/authorization").status()).isEqualTo(204);
        assertThat(alice.delete("/api/v1/auth/tools/" + oauthTool + "/authorization").status()).isEqualTo(204);
        int calls = TOOL_HOST_AUTH.size();
        assertAuthorizationRequired(alice.post("/api/v1/tools/" + oauthTool, "{}"), oauthTool);
        assertThat(TOOL_HOST_AUTH).hasSize(calls);
        assertThat(jdbc.queryForObject("select count(*) from tool_oauth_tokens where tool_name = ?", Integer.class, oauthTool)).isZero();

        String log = output.getAll();
        assertThat(log).contains("tool " + oauthTool + " authorized").contains("refreshed").contains("revoked");
        for (String secret : List.of(firstAccess, refreshedAccess, refreshToken, redirect.get("code"), redirect.get("state"),
                CLIENT_SECRET, alice.token(), query.get("code_challenge"))) {
            assertThat(log).as("the log").doesNotContain(secret);
        }
    }

    @Test
    void aWrongStateFailsTheFlow() throws Exception {
        GatewayClient alice = endUser();
        JsonNode flow = start(alice, oauthTool, List.of());
        Map<String, String> redirect = login(URI.create(flow.path("authorization_url").asText()));

        assertFlowInvalid(alice.post("/api/v1/auth/tools/callback", callback(flow, redirect.get("code"), "not-the-state")),
                "state_mismatch");
        assertFlowInvalid(alice.post("/api/v1/auth/tools/callback", callback(flow, redirect.get("code"), redirect.get("state"))),
                "failed");
        assertAuthorizationRequired(alice.post("/api/v1/tools/" + oauthTool, "{}"), oauthTool);
    }

    @Test
    void aCodeTheProviderRefusesEndsTheFlow() throws Exception {
        GatewayClient alice = endUser();
        JsonNode flow = start(alice, oauthTool, List.of());
        Map<String, String> redirect = login(URI.create(flow.path("authorization_url").asText()));

        // the provider answers the code exchange as a real one does for a code it did not issue
        OAUTH.enqueueCallback(refusing(OAuth2Error.INVALID_GRANT));
        GatewayClient.Answer refused = alice.post("/api/v1/auth/tools/callback", callback(flow, "forged-code", redirect.get("state")));
        assertFlowInvalid(refused, "code_rejected");
        assertThat(refused.json().at("/error/details/providerError").asText()).isEqualTo("invalid_grant");
        assertFlowInvalid(alice.post("/api/v1/auth/tools/callback", callback(flow, redirect.get("code"), redirect.get("state"))),
                "completed");
        assertAuthorizationRequired(alice.post("/api/v1/tools/" + oauthTool, "{}"), oauthTool);
    }

    @Test
    void aFailingProviderIsAnUpstreamFailure() throws Exception {
        GatewayClient alice = endUser();
        JsonNode flow = start(alice, oauthTool, List.of());
        Map<String, String> redirect = login(URI.create(flow.path("authorization_url").asText()));

        OAUTH.enqueueCallback(refusing(new ErrorObject("temporarily_unavailable", "down for maintenance", 503)));
        GatewayClient.Answer failed = alice.post("/api/v1/auth/tools/callback", callback(flow, redirect.get("code"), redirect.get("state")));
        assertThat(failed.status()).as(failed.body()).isEqualTo(424);
        assertThat(failed.json().at("/error/code").asText()).isEqualTo("UPSTREAM_DEPENDENCY_FAILED");
        assertThat(failed.json().at("/error/details/cause").asText()).isEqualTo("UPSTREAM_ERROR");
        assertThat(failed.body()).doesNotContain("maintenance");
    }

    @Test
    void anExpiredFlowCannotBeCompleted() throws Exception {
        GatewayClient alice = endUser();
        JsonNode flow = start(alice, oauthTool, List.of("openid", "write"));
        assertThat(query(URI.create(flow.path("authorization_url").asText()))).containsEntry("scope", "openid write");
        Map<String, String> redirect = login(URI.create(flow.path("authorization_url").asText()));
        jdbc.update("update tool_oauth_flows set expires_at = ? where id = ?",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1), flow.path("authorization_flow_id").asText());

        assertFlowInvalid(alice.post("/api/v1/auth/tools/callback", callback(flow, redirect.get("code"), redirect.get("state"))),
                "expired");
    }

    @Test
    void anotherUsersFlowIsNotFoundAndStaysUsableByItsOwner() throws Exception {
        GatewayClient alice = endUser();
        GatewayClient bob = endUser();
        JsonNode flow = start(alice, oauthTool, List.of());
        Map<String, String> redirect = login(URI.create(flow.path("authorization_url").asText()));

        GatewayClient.Answer stolen = bob.post("/api/v1/auth/tools/callback", callback(flow, redirect.get("code"), redirect.get("state")));
        assertThat(stolen.status()).as(stolen.body()).isEqualTo(404);
        assertThat(stolen.json().at("/error/code").asText()).isEqualTo("AUTHORIZATION_FLOW_NOT_FOUND");
        GatewayClient.Answer unknown = bob.post("/api/v1/auth/tools/callback", callback("flow_nope", "code", "state"));
        assertThat(unknown.json().at("/error/code").asText()).isEqualTo("AUTHORIZATION_FLOW_NOT_FOUND");
        assertThat(unknown.json().at("/error/message").asText()).isEqualTo(stolen.json().at("/error/message").asText()
                .replace(flow.path("authorization_flow_id").asText(), "flow_nope"));

        GatewayClient.Answer own = alice.post("/api/v1/auth/tools/callback", callback(flow, redirect.get("code"), redirect.get("state")));
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertAuthorizationRequired(bob.post("/api/v1/tools/" + oauthTool, "{}"), oauthTool);
        assertThat(alice.post("/api/v1/tools/" + oauthTool, "{}").status()).isEqualTo(200);
    }

    @Test
    void unknownToolsToolsWithoutOAuthForeignCallbacksAndScopesAreRefused() throws Exception {
        GatewayClient alice = endUser();
        Map<String, Object> request = Map.of("callback_url", CALLBACK);

        GatewayClient.Answer unknown = alice.post("/api/v1/auth/tools/no_such_tool_x/authorize", request);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/code").asText()).isEqualTo("TOOL_NOT_FOUND");

        GatewayClient.Answer plain = alice.post("/api/v1/auth/tools/" + plainTool + "/authorize", request);
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.json().at("/error/code").asText()).isEqualTo("TOOL_OAUTH_NOT_SUPPORTED");
        assertThat(alice.delete("/api/v1/auth/tools/" + plainTool + "/authorization").json().at("/error/code").asText())
                .isEqualTo("TOOL_OAUTH_NOT_SUPPORTED");

        for (String url : List.of("https://evil.example.com/callback", "http://localhost:5174/oauth/callback",
                "http://user@localhost:5173/oauth/callback", "javascript:alert(1)", "http://localhost:5173/cb#x")) {
            GatewayClient.Answer foreign = alice.post("/api/v1/auth/tools/" + oauthTool + "/authorize", Map.of("callback_url", url));
            assertThat(foreign.status()).as(url).isEqualTo(400);
            assertThat(foreign.json().at("/error/code").asText()).as(url).isEqualTo("CALLBACK_URL_NOT_ALLOWED");
        }
        // a confidential client without allowed-origins has no callback URL at all
        GatewayClient.Answer service = admin.post("/api/v1/auth/tools/" + oauthTool + "/authorize",
                Map.of("callback_url", CALLBACK, "user_id", "user@example.com"));
        assertThat(service.json().at("/error/code").asText()).isEqualTo("CALLBACK_URL_NOT_ALLOWED");

        GatewayClient.Answer scope = alice.post("/api/v1/auth/tools/" + oauthTool + "/authorize",
                Map.of("callback_url", CALLBACK, "scopes", List.of("openid", "admin")));
        assertThat(scope.status()).isEqualTo(400);
        assertThat(scope.json().at("/error/details/fields/0/field").asText()).isEqualTo("/scopes/1");

        ObjectNode unknownProvider = tool("bad_provider_" + UUID.randomUUID().toString().substring(0, 8), origin(TOOL_HOST));
        unknownProvider.putObject("oauth").put("provider", "nope");
        GatewayClient.Answer registration = admin.post("/api/v1/tools", unknownProvider);
        assertThat(registration.status()).isEqualTo(400);
        assertThat(registration.json().at("/error/details/fields/0/field").asText()).isEqualTo("/oauth/provider");
        JsonNode definition = admin.get("/api/v1/tools/" + oauthTool).json();
        assertThat(definition.toString()).doesNotContain(CLIENT_SECRET);
    }

    // ---- helpers ----

    /** The provider's next token request fails with {@code error}, as its token endpoint answers it. */
    private static OAuth2TokenCallback refusing(ErrorObject error) {
        return new OAuth2TokenCallback() {
            @Override
            public String issuerId() {
                return ISSUER;
            }

            @Override
            public String subject(TokenRequest request) {
                throw new OAuth2Exception(error, error.getDescription());
            }

            @Override
            public String typeHeader(TokenRequest request) {
                return "JWT";
            }

            @Override
            public List<String> audience(TokenRequest request) {
                return List.of(ISSUER);
            }

            @Override
            public Map<String, Object> addClaims(TokenRequest request) {
                return Map.of();
            }

            @Override
            public long tokenExpiry() {
                return 60;
            }
        };
    }

    private static ObjectNode tool(String name, String origin) {
        ObjectNode tool = GatewayClient.JSON.createObjectNode().put("name", name).put("kind", "http")
                .put("description", "items of the user").put("url", origin + "/api/items");
        tool.putObject("parameters");
        return tool;
    }

    private GatewayClient endUser() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/session/token"))
                .header("Content-Type", "application/json").header("X-Client-Version", "1.0.0")
                .POST(HttpRequest.BodyPublishers.ofString(GatewayClient.JSON.writeValueAsString(
                        Map.of("clientId", "demo-web", "nonce", UUID.randomUUID().toString())))).build();
        HttpResponse<String> response = browser.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return GatewayClient.withToken(port, GatewayClient.JSON.readTree(response.body()).path("token").asText());
    }

    private JsonNode start(GatewayClient user, String tool, List<String> scopes) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("callback_url", CALLBACK);
        if (!scopes.isEmpty()) {
            body.put("scopes", scopes);
        }
        GatewayClient.Answer answer = user.post("/api/v1/auth/tools/" + tool + "/authorize", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** Follows the authorization URL as a browser would: the provider's login redirects to the callback with code and state. */
    private Map<String, String> login(URI authorizationUrl) throws Exception {
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(authorizationUrl).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(CALLBACK + "?");
        return query(location);
    }

    private static Map<String, Object> callback(JsonNode flow, String code, String state) {
        return callback(flow.path("authorization_flow_id").asText(), code, state);
    }

    private static Map<String, Object> callback(String flowId, String code, String state) {
        return Map.of("flow_id", flowId, "authorization_code", code, "state", state);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The grant types of the token requests the provider received so far. */
    private static List<String> tokenRequestGrants() throws Exception {
        List<String> grants = new ArrayList<>();
        while (true) {
            RecordedRequest request;
            try {
                request = OAUTH.takeRequest(100, TimeUnit.MILLISECONDS);
            } catch (RuntimeException drained) {
                // the server throws once no request is left
                return grants;
            }
            if (request.getPath() != null && request.getPath().endsWith("/token")) {
                String body = request.getBody().readUtf8();
                for (String pair : body.split("&")) {
                    if (pair.startsWith("grant_type=")) {
                        grants.add(pair.substring("grant_type=".length()));
                    }
                }
            }
        }
    }

    private static void assertAuthorizationRequired(GatewayClient.Answer answer, String tool) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("TOOL_AUTHORIZATION_REQUIRED");
        assertThat(answer.json().at("/error/details/authorizeUrl").asText()).isEqualTo("/api/v1/auth/tools/" + tool + "/authorize");
        assertThat(answer.json().at("/error/details/tool").asText()).isEqualTo(tool);
    }

    private static void assertFlowInvalid(GatewayClient.Answer answer, String reason) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("AUTHORIZATION_FLOW_INVALID");
        assertThat(answer.json().at("/error/details/reason").asText()).isEqualTo(reason);
    }
}
