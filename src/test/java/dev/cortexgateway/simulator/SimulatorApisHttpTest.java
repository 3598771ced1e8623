package dev.cortexgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Search, Analyst, the SQL API and authentication of the simulator, over HTTP. */
class SimulatorApisHttpTest extends SimulatorHttpTestBase {

    private static final String SEARCH = "/api/v2/databases/DOCS/schemas/PUBLIC/cortex-search-services/handbook:query";
    private static final String ANALYST = "/api/v2/cortex/analyst/message";
    private static final String STATEMENTS = "/api/v2/statements";

    /** The half of the test profile's gateway.simulator.public-key that signs. */
    private static KeyPair keys;
    private static KeyPair otherKeys;

    @BeforeAll
    static void keyPair() throws Exception {
        String pem = new String(SimulatorApisHttpTest.class.getResourceAsStream("/simulator/keypair-jwt-test-private.pem")
                .readAllBytes(), StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(pem.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "").strip());
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
        keys = new KeyPair(rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent())),
                privateKey);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        otherKeys = generator.generateKeyPair();
    }

    @Test
    void searchRanksTheCorpusAndReturnsTheRequestedColumns() throws Exception {
        HttpResponse<String> response = client.post(SEARCH, Map.of("query", "expense receipts for meals",
                "columns", List.of("title", "chunk", "doc_id"), "limit", 2));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("request_id").asText()).isEqualTo(response.headers().firstValue("X-Snowflake-Request-ID").orElseThrow());
        JsonNode results = body.path("results");
        assertThat(results.size()).isBetween(1, 2);
        assertThat(results.get(0).path("doc_id").asText()).isEqualTo("POL-001");
        List<String> fields = new java.util.ArrayList<>();
        results.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("title", "chunk", "doc_id");
        assertThat(runs.started("search:query")).isEqualTo(1);
    }

    @Test
    void searchFiltersOnAColumn() throws Exception {
        JsonNode results = json(client.post(SEARCH, Map.of("query", "revenue",
                "columns", List.of("doc_id", "category", "url"), "filter", Map.of("@eq", Map.of("category", "glossary")))))
                .path("results");
        assertThat(results).isNotEmpty();
        results.forEach(r -> {
            assertThat(r.path("category").asText()).isEqualTo("glossary");
            assertThat(r.path("url").asText()).startsWith("https://");
        });
        JsonNode none = json(client.post(SEARCH, Map.of("query", "revenue",
                "filter", Map.of("@eq", Map.of("category", "no-such-category"))))).path("results");
        assertThat(none).isEmpty();
    }

    @Test
    void searchRefusesALimitAboveOneThousand() throws Exception {
        assertSnowflakeError(client.post(SEARCH, Map.of("query", "policy", "limit", 1001)), 400);
        assertSnowflakeError(client.post(SEARCH, Map.of("query", "policy", "limit", 0)), 400);
        assertSnowflakeError(client.post(SEARCH, Map.of("limit", 5)), 400);
        assertSnowflakeError(client.post(SEARCH, Map.of("query", "policy", "columns", List.of("secret"))), 400);
        assertThat(json(client.post(SEARCH, Map.of("query", "policy", "limit", 1000))).path("results")).isNotEmpty();
    }

    @Test
    void analystNeedsExactlyOneSemanticModelSource() throws Exception {
        Map<String, Object> noSource = Map.of("messages", List.of(SimClient.userMessage("What was the revenue by quarter?")));
        assertSnowflakeError(client.post(ANALYST, noSource), 400);
        Map<String, Object> twoSources = new HashMap<>(noSource);
        twoSources.put("semantic_model_file", "@DB.SCH.STAGE/finance.yaml");
        twoSources.put("semantic_view", "DB.SCH.FINANCE");
        assertSnowflakeError(client.post(ANALYST, twoSources), 400);
        assertThat(runs.started("analyst:message")).isZero();
    }

    @Test
    void analystWritesSqlThatRunsOnTheStatementsApi() throws Exception {
        HttpResponse<String> response = client.post(ANALYST, Map.of("semantic_view", "DB.SCH.FINANCE",
                "messages", List.of(SimClient.userMessage("What was the total revenue per year?"))));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("request_id").asText()).isNotBlank();
        assertThat(body.path("message").path("role").asText()).isEqualTo("analyst");
        JsonNode content = body.path("message").path("content");
        assertThat(content.get(0).path("type").asText()).isEqualTo("text");
        assertThat(content.get(1).path("type").asText()).isEqualTo("sql");
        assertThat(body.path("warnings").isArray()).isTrue();
        assertThat(body.path("response_metadata").path("question_category").asText()).isEqualTo("CLEAR_SQL");

        HttpResponse<String> result = client.post(STATEMENTS, Map.of("statement", content.get(1).path("statement").asText(),
                "timeout", 60));
        assertThat(result.statusCode()).isEqualTo(200);
        JsonNode data = json(result).path("data");
        assertThat(data).hasSize(2);
        assertThat(data.get(0).get(0).asText()).isEqualTo("2023");
        assertThat(data.get(1).get(0).asText()).isEqualTo("2024");
    }

    @Test
    void analystSuggestsWhenItCannotMapTheQuestion() throws Exception {
        JsonNode content = json(client.post(ANALYST, Map.of("semantic_model_file", "@DB.SCH.STAGE/finance.yaml",
                "messages", List.of(SimClient.userMessage("Is the weather nice today?"))))).path("message").path("content");
        assertThat(content.get(1).path("type").asText()).isEqualTo("suggestions");
        assertThat(content.get(1).path("suggestions")).isNotEmpty();
        assertThat(content.findValues("statement")).isEmpty();
    }

    @Test
    void analystStreamsStatusDeltasAndDone() throws Exception {
        List<SimClient.Event> events;
        try (SimClient.Stream stream = client.stream(ANALYST, Map.of("semantic_model_file", "@DB.SCH.STAGE/finance.yaml",
                "stream", true, "messages", List.of(SimClient.userMessage("Who are the top 5 customers?"))))) {
            events = stream.rest(STREAM_TIMEOUT);
        }
        assertThat(events.get(0).name()).isEqualTo("status");
        SimClient.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("status");
        assertThat(last.json().path("status").asText()).isEqualTo("done");
        List<JsonNode> sql = events.stream().filter(e -> "message.content.delta".equals(e.name())).map(SimClient.Event::json)
                .filter(d -> "sql".equals(d.path("type").asText())).toList();
        assertThat(sql).hasSize(1);
        assertThat(sql.get(0).path("statement_delta").asText()).contains("LIMIT 5");
        assertThat(names(events)).contains("warnings", "response_metadata");
    }

    @Test
    void statementsAnswerAResultSetAndKeepItForGet() throws Exception {
        HttpResponse<String> response = client.post(STATEMENTS, Map.of("statement",
                "SELECT region, COUNT(*) AS n FROM customers GROUP BY region ORDER BY region", "timeout", 30));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        JsonNode meta = body.path("resultSetMetaData");
        assertThat(meta.path("format").asText()).isEqualTo("jsonv2");
        assertThat(meta.path("numRows").asInt()).isEqualTo(4);
        assertThat(meta.path("rowType").findValuesAsText("name")).containsExactly("REGION", "N");
        assertThat(meta.path("rowType").findValuesAsText("type")).containsExactly("text", "fixed");
        JsonNode data = body.path("data");
        assertThat(data.get(0).get(0).asText()).isEqualTo("APAC");
        assertThat(data.get(0).get(1).isTextual()).isTrue();
        int total = 0;
        for (JsonNode row : data) {
            total += Integer.parseInt(row.get(1).asText());
        }
        assertThat(total).isEqualTo(20);

        String handle = body.path("statementHandle").asText();
        HttpResponse<String> again = client.get(STATEMENTS + "/" + handle);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("data")).isEqualTo(data);
        HttpResponse<String> cancel = client.post(STATEMENTS + "/" + handle + "/cancel", Map.of());
        assertThat(cancel.statusCode()).isEqualTo(200);
        assertThat(json(cancel).path("statementHandle").asText()).isEqualTo(handle);
        assertSnowflakeError(client.get(STATEMENTS + "/01-no-such-handle"), 404);
    }

    @Test
    void statementsAreReadOnly() throws Exception {
        for (String sql : List.of("DELETE FROM orders", "DROP TABLE customers", "SELECT 1; DELETE FROM orders",
                "INSERT INTO customers VALUES (99, 'x', 'NA', 'SMB', DATE '2024-01-01')")) {
            HttpResponse<String> refused = client.post(STATEMENTS, Map.of("statement", sql));
            assertThat(refused.statusCode()).as(sql).isEqualTo(422);
            JsonNode body = json(refused);
            assertThat(body.path("code").asText()).isNotBlank();
            assertThat(body.path("sqlState").asText()).isNotBlank();
            if (!sql.startsWith("SELECT")) {
                assertThat(body.path("message").asText()).as(sql).contains("read-only");
            }
            assertThat(body.path("statementHandle").asText()).isNotBlank();
        }
        HttpResponse<String> count = client.post(STATEMENTS, Map.of("statement", "SELECT COUNT(*) FROM orders"));
        assertThat(json(count).path("data").get(0).get(0).asText()).isEqualTo("100");
        assertThat(client.post(STATEMENTS, Map.of("statement", "SELECT nope FROM nowhere")).statusCode()).isEqualTo(422);
        HttpResponse<String> describe = client.post(STATEMENTS, Map.of("statement", "DESCRIBE TABLE orders"));
        assertThat(describe.statusCode()).isEqualTo(200);
        assertThat(describe.body()).contains("AMOUNT").contains("REGION");
        HttpResponse<String> async = client.post(STATEMENTS + "?async=true", Map.of("statement", "SELECT 1"));
        assertThat(async.statusCode()).isEqualTo(202);
        assertThat(client.get(STATEMENTS + "/" + json(async).path("statementHandle").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void everyEndpointRequiresABearerToken() throws Exception {
        Map<String, Object> statement = Map.of("statement", "SELECT 1");
        assertSnowflakeError(client.post(STATEMENTS, statement, Map.of()), 401);
        assertSnowflakeError(client.post(STATEMENTS, statement, Map.of("Authorization", "Basic dXNlcjpwYXNz")), 401);
        assertSnowflakeError(client.post(AGENT_RUN, SimClient.agentRun("hi"), Map.of()), 401);
        assertSnowflakeError(client.post(SEARCH, Map.of("query", "x"), Map.of("Authorization", "Bearer ")), 401);
        assertSnowflakeError(client.post(ANALYST, Map.of(), Map.of("Authorization", "Bearer t",
                "X-Snowflake-Authorization-Token-Type", "PASSWORD")), 401);
        assertThat(runs.startedByEndpoint()).isEmpty();

        assertThat(client.post(STATEMENTS, statement, Map.of("Authorization", "Bearer " + SimClient.TOKEN)).statusCode())
                .isEqualTo(200);
        assertThat(client.post(STATEMENTS, statement, Map.of("Authorization", "Bearer " + SimClient.TOKEN,
                "X-Snowflake-Authorization-Token-Type", "OAUTH")).statusCode()).isEqualTo(200);
        assertThat(runs.callsByTokenType()).containsEntry("ABSENT", 1L).containsEntry("OAUTH", 1L);
    }

    @Test
    void aTokenOtherThanTheConfiguredOneIsRefusedLikeSnowflakeDoes() throws Exception {
        Map<String, Object> statement = Map.of("statement", "SELECT 1");
        for (Map<String, String> headers : List.of(
                Map.of("Authorization", "Bearer pat-secret"),
                Map.of("Authorization", "Bearer anything", "X-Snowflake-Authorization-Token-Type", "PROGRAMMATIC_ACCESS_TOKEN"),
                Map.of("Authorization", "Bearer " + SimClient.TOKEN + "x", "X-Snowflake-Authorization-Token-Type", "OAUTH"))) {
            HttpResponse<String> refused = client.post(STATEMENTS, statement, headers);
            assertSnowflakeError(refused, 401);
            assertThat(json(refused).path("code").asText()).isEqualTo("390303");
        }
        assertSnowflakeError(client.post(AGENT_RUN, SimClient.agentRun("hi"), Map.of("Authorization", "Bearer wrong")), 401);
        assertThat(runs.startedByEndpoint()).isEmpty();
        assertThat(runs.callsByTokenType()).isEmpty();
    }

    @Test
    void keyPairJwtsAreCheckedForShapeClaimsAndSignature() throws Exception {
        Instant now = Instant.now();
        String fingerprint = "SHA256:" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded()));
        assertThat(jwtCall(jwt("MYORG-ACCT.SVC_USER." + fingerprint, "MYORG-ACCT.SVC_USER", now, now.plusSeconds(3540))))
                .isEqualTo(200);
        assertThat(runs.callsByTokenType()).containsEntry("KEYPAIR_JWT", 1L);

        assertSnowflakeError(jwtResponse(jwt("myorg-acct.svc_user." + fingerprint, "myorg-acct.svc_user", now,
                now.plusSeconds(3540))), 401);
        assertSnowflakeError(jwtResponse(jwt("MYORG-ACCT.SVC_USER", "MYORG-ACCT.SVC_USER", now, now.plusSeconds(3540))), 401);
        assertSnowflakeError(jwtResponse(jwt("MYORG-ACCT.SVC_USER." + fingerprint, "MYORG-ACCT.OTHER", now,
                now.plusSeconds(3540))), 401);
        assertSnowflakeError(jwtResponse(jwt("MYORG-ACCT.SVC_USER." + fingerprint, "MYORG-ACCT.SVC_USER", now,
                now.plusSeconds(7200))), 401);
        assertSnowflakeError(jwtResponse(jwt("MYORG-ACCT.SVC_USER." + fingerprint, "MYORG-ACCT.SVC_USER",
                now.minusSeconds(3000), now.minusSeconds(600))), 401);
        assertSnowflakeError(jwtResponse("not.a.jwt"), 401);
        String otherFingerprint = "SHA256:" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(otherKeys.getPublic().getEncoded()));
        assertSnowflakeError(jwtResponse(jwt("MYORG-ACCT.SVC_USER." + otherFingerprint, "MYORG-ACCT.SVC_USER", now,
                now.plusSeconds(3540), otherKeys)), 401);
        assertThat(runs.started("statements")).isEqualTo(1);
    }

    private int jwtCall(String token) throws Exception {
        return jwtResponse(token).statusCode();
    }

    private HttpResponse<String> jwtResponse(String token) throws Exception {
        return client.post(STATEMENTS, Map.of("statement", "SELECT 1"), Map.of("Authorization", "Bearer " + token,
                "X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT"));
    }

    private static String jwt(String issuer, String subject, Instant issuedAt, Instant expires) throws Exception {
        return jwt(issuer, subject, issuedAt, expires, keys);
    }

    private static String jwt(String issuer, String subject, Instant issuedAt, Instant expires, KeyPair signer)
            throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .issuer(issuer).subject(subject).issueTime(Date.from(issuedAt)).expirationTime(Date.from(expires)).build());
        jwt.sign(new RSASSASigner(signer.getPrivate()));
        return jwt.serialize();
    }
}
