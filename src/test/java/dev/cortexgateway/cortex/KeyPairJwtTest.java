package dev.cortexgateway.cortex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cortexgateway.config.CortexProperties.Auth;
import dev.cortexgateway.config.CortexProperties.AuthType;
import dev.cortexgateway.config.InvalidSettingException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snowflake's key-pair JWT and the three header sets, against a key made here. */
class KeyPairJwtTest {

    private static KeyPair keys;
    private static String pem;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00.750Z"));

    @BeforeAll
    static void generateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static String expectedFingerprint() throws Exception {
        return "SHA256:" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded()));
    }

    @Test
    void claimsNameTheUppercaseAccountAndUserWithTheKeysFingerprint() throws Exception {
        KeyPairJwt jwt = new KeyPairJwt("xy12345.eu-central-1", "svc_gateway", KeyPairJwt.readPrivateKey(pem), clock);
        SignedJWT token = SignedJWT.parse(jwt.token());

        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(token.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("XY12345.SVC_GATEWAY");
        assertThat(claims.getIssuer()).isEqualTo("XY12345.SVC_GATEWAY." + expectedFingerprint());
        assertThat(jwt.fingerprint()).isEqualTo(expectedFingerprint());
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        long lifetime = Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()).toSeconds();
        assertThat(lifetime).isPositive().isLessThanOrEqualTo(3600).isEqualTo(59 * 60);
        // seconds, not milliseconds, on the wire
        String payload = new String(Base64.getUrlDecoder().decode(jwt.token().split("\\.")[1]));
        assertThat(payload).contains("\"iat\":" + Instant.parse("2026-03-01T10:00:00Z").getEpochSecond());
    }

    @Test
    void accountIdentifiersFollowSnowflakesRules() {
        assertThat(KeyPairJwt.accountIdentifier("myorg-my_account")).isEqualTo("MYORG-MY_ACCOUNT");
        assertThat(KeyPairJwt.accountIdentifier("myorg.my_account")).isEqualTo("MYORG-MY_ACCOUNT");
        assertThat(KeyPairJwt.accountIdentifier("xy12345.eu-central-1")).isEqualTo("XY12345");
        assertThat(KeyPairJwt.accountIdentifier("xy12345.us-east-2.aws")).isEqualTo("XY12345");
        assertThat(KeyPairJwt.accountIdentifier(" xy12345 ")).isEqualTo("XY12345");
        assertThat(KeyPairJwt.accountIdentifier("https://myorg-acct.snowflakecomputing.com")).isEqualTo("MYORG-ACCT");
        assertThat(KeyPairJwt.accountIdentifier("xy12345.eu-central-1.snowflakecomputing.com")).isEqualTo("XY12345");
    }

    @Test
    void theTokenIsReusedAndMintedAgainFiveMinutesBeforeExpiry() throws Exception {
        KeyPairJwt jwt = new KeyPairJwt("acct", "user", KeyPairJwt.readPrivateKey(pem), clock);
        String first = jwt.token();

        clock.advance(Duration.ofMinutes(53));
        assertThat(jwt.token()).isSameAs(first);

        clock.advance(Duration.ofMinutes(1));
        String second = jwt.token();
        assertThat(second).isNotEqualTo(first);
        JWTClaimsSet claims = SignedJWT.parse(second).getJWTClaimsSet();
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-03-01T10:54:00Z"));
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-03-01T11:53:00Z"));
        assertThat(jwt.token()).isSameAs(second);
    }

    @Test
    void keyPairHeadersCarryTheJwtFromAPemFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rsa_key.p8");
        Files.writeString(file, pem);
        CortexCredentials credentials = new CortexCredentials(new Auth(AuthType.KEYPAIR, null, "acct", "user", file.toString()), clock);

        assertThat(credentials.headers()).containsEntry("X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT");
        String bearer = credentials.headers().get("Authorization");
        assertThat(bearer).startsWith("Bearer ");
        assertThat(SignedJWT.parse(bearer.substring(7)).getJWTClaimsSet().getSubject()).isEqualTo("ACCT.USER");
    }

    @Test
    void aPemWithLiteralBackslashNSequencesFromAnEnvironmentVariableIsRead() {
        String flattened = pem.replace("\n", "\\n");
        assertThat(KeyPairJwt.readPrivateKey(flattened).getModulus())
                .isEqualTo(((RSAPrivateCrtKey) keys.getPrivate()).getModulus());
    }

    @Test
    void patAndOauthHeaders() {
        assertThat(new CortexCredentials(new Auth(AuthType.PAT, " pat-secret ", null, null, null), clock).headers())
                .containsExactly(java.util.Map.entry("Authorization", "Bearer pat-secret"),
                        java.util.Map.entry("X-Snowflake-Authorization-Token-Type", "PROGRAMMATIC_ACCESS_TOKEN"));
        assertThat(new CortexCredentials(new Auth(AuthType.OAUTH, "oauth-secret", null, null, null), clock).headers())
                .containsExactly(java.util.Map.entry("Authorization", "Bearer oauth-secret"),
                        java.util.Map.entry("X-Snowflake-Authorization-Token-Type", "OAUTH"));
    }

    @Test
    void unreadableKeysStopStartUpNamingTheSettingWithoutKeyMaterial(@TempDir Path dir) {
        String pkcs1 = pem.replace("BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY").replace("END PRIVATE KEY", "END RSA PRIVATE KEY");
        String encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHzBJBgkqhkiG9w0BBQ0w\n-----END ENCRYPTED PRIVATE KEY-----\n";
        String garbage = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
        for (String key : new String[] {pkcs1, encrypted, garbage, dir.resolve("missing.p8").toString()}) {
            assertThatThrownBy(() -> new CortexCredentials(new Auth(AuthType.KEYPAIR, null, "acct", "user", key), clock))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("gateway.cortex.auth.private-key: ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(pem.substring(40, 80)).doesNotContain("bm90IGEga2V5"));
        }
    }

    @Test
    void authRecordsDoNotPrintTheirSecrets() {
        Auth auth = new Auth(AuthType.PAT, "pat-secret", null, null, "-----BEGIN PRIVATE KEY-----x");
        assertThat(auth.toString()).doesNotContain("pat-secret").doesNotContain("PRIVATE");
        assertThat(TestSettings.withAuth(TestSettings.inline(URI.create("http://x"), TestSettings.NO_TOOLS), auth).toString())
                .doesNotContain("pat-secret");
    }

    /** A clock that moves only when told to. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        synchronized void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
