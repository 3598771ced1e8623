package dev.cortexgateway.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The attack forms of issue #3, each rejected with 401 before any route step. */
class TokenVerifierTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-current";
    private static final String OLD_SECRET = "0123456789abcdef0123456789abcdef-previous";
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String SUBJECT = "s_0123456789abcdefghijkl";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final JwtProperties properties = new JwtProperties(SECRET, "k2",
            List.of(new JwtProperties.VerificationKey("k1", OLD_SECRET)), false, "cortex-gateway",
            "cortex-gateway-api", Duration.ofSeconds(300), Duration.ofSeconds(900), Duration.ofSeconds(30));
    private final JwtKeyRing keys = new JwtKeyRing(properties);
    private final TokenIssuer issuer = new TokenIssuer(properties, keys, clock);
    private final TokenVerifier verifier = new TokenVerifier(properties, keys, clock);

    @Test
    void acceptsItsOwnTokens() {
        IssuedToken token = issuer.sessionToken("demo-web", SUBJECT, null, List.of("chat", "history"), "1.2.0");

        VerifiedToken caller = verifier.verify(token.token());

        assertThat(caller.clientId()).isEqualTo("demo-web");
        assertThat(caller.scopes()).containsExactlyInAnyOrder("chat", "history");
        assertThat(caller.clientVersion()).isEqualTo("1.2.0");
        assertThat(caller.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(caller.subject()).isEqualTo(SUBJECT);
        assertThat(caller.sessionStart()).isEqualTo(NOW);
        assertThat(caller.owner().key()).isEqualTo("demo-web/" + SUBJECT);
    }

    @Test
    void anAccessTokenNamesItsClientAndNoEndUser() {
        VerifiedToken caller = verifier.verify(issuer.accessToken("test-tools-service", List.of("tools")).token());

        assertThat(caller.clientId()).isEqualTo("test-tools-service");
        assertThat(caller.subject()).isNull();
        assertThat(caller.owner().key()).isEqualTo("test-tools-service");
    }

    @Test
    void aTokenFromBeforeClientIdNamesItsClientInSub() throws Exception {
        // tokens issued before per-user identity (at most one lifetime ago) own as their client did
        VerifiedToken caller = verifier.verify(signed(SECRET, "k2", JWSAlgorithm.HS256, c -> { }));

        assertThat(caller.clientId()).isEqualTo("demo-web");
        assertThat(caller.subject()).isNull();
    }

    @Test
    void aRenewedTokenKeepsItsSessionStart() {
        Instant started = NOW.minus(Duration.ofHours(3));
        VerifiedToken caller = verifier.verify(issuer.sessionToken("demo-web", SUBJECT, started, List.of("chat"), "1.0.0").token());

        assertThat(caller.sessionStart()).isEqualTo(started);
        assertThat(caller.issuedAt()).isEqualTo(NOW);
    }

    @Test
    void renewalAcceptsATokenExpiredWithinTheWindowOnly() throws Exception {
        String fourMinutesAgo = signed(SECRET, "k2", JWSAlgorithm.HS256,
                c -> c.expirationTime(Date.from(NOW.minusSeconds(240))));
        String tenMinutesAgo = signed(SECRET, "k2", JWSAlgorithm.HS256,
                c -> c.expirationTime(Date.from(NOW.minusSeconds(600))));

        assertThat(verifier.verifyForRenewal(fourMinutesAgo, Duration.ofMinutes(5)).clientId()).isEqualTo("demo-web");
        assertRejected(fourMinutesAgo, "The token has expired");
        assertThatThrownBy(() -> verifier.verifyForRenewal(tenMinutesAgo, Duration.ofMinutes(5)))
                .isInstanceOf(GatewayException.class).hasMessage("The token has expired");
    }

    @Test
    void acceptsTokensOfAPreviousKeyAfterRotation() throws Exception {
        assertThat(verifier.verify(signed(OLD_SECRET, "k1", JWSAlgorithm.HS256, c -> { })).clientId()).isEqualTo("demo-web");
    }

    @Test
    void rejectsAnUnknownKeyId() throws Exception {
        assertRejected(signed(SECRET, "k9", JWSAlgorithm.HS256, c -> { }), "The token is not valid");
    }

    @Test
    void rejectsAlgNone() {
        String unsigned = new PlainJWT(claims(c -> { }).build()).serialize();
        assertRejected(unsigned, "The token is not valid");
        // and the same with a header claiming HS256 but an empty signature
        String[] parts = unsigned.split("\\.");
        String forged = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"k2\"}").toString() + "." + parts[1] + ".";
        assertRejected(forged, "The token is not valid");
    }

    @Test
    void rejectsATokenSignedWithAnotherSecret() throws Exception {
        assertRejected(signed("another-secret-that-is-long-enough-32b", "k2", JWSAlgorithm.HS256, c -> { }),
                "The token is not valid");
    }

    @Test
    void rejectsAnotherAlgorithmEvenWithTheRightSecret() throws Exception {
        String longSecret = SECRET + SECRET; // HS512 needs 64 bytes
        JwtProperties wide = new JwtProperties(longSecret, "k2", List.of(), false, "cortex-gateway",
                "cortex-gateway-api", Duration.ofSeconds(300), Duration.ofSeconds(900), Duration.ofSeconds(30));
        TokenVerifier pinned = new TokenVerifier(wide, new JwtKeyRing(wide), clock);
        // positive control: the same key and claims pass with HS256, so only the algorithm is refused
        assertThat(pinned.verify(signed(longSecret, "k2", JWSAlgorithm.HS256, c -> { })).clientId()).isEqualTo("demo-web");
        assertThatThrownBy(() -> pinned.verify(signed(longSecret, "k2", JWSAlgorithm.HS512, c -> { })))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).isEqualTo("The token is not valid");
                });
    }

    @Test
    void rejectsATamperedPayload() {
        String token = issuer.sessionToken("demo-web", SUBJECT, null, List.of("chat"), "1.0.0").token();
        String[] parts = token.split("\\.");
        String escalated = Base64URL.encode(new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                .replace("\"chat\"", "\"chat admin\"")).toString();
        assertRejected(parts[0] + "." + escalated + "." + parts[2], "The token is not valid");
    }

    @Test
    void rejectsAnExpiredToken() throws Exception {
        assertRejected(signed(SECRET, "k2", JWSAlgorithm.HS256, c -> c
                .issueTime(Date.from(NOW.minusSeconds(600))).expirationTime(Date.from(NOW.minusSeconds(31)))),
                "The token has expired");
    }

    @Test
    void toleratesSkewWithinTheConfiguredBound() throws Exception {
        assertThat(verifier.verify(signed(SECRET, "k2", JWSAlgorithm.HS256, c -> c
                .expirationTime(Date.from(NOW.minusSeconds(20))))).clientId()).isEqualTo("demo-web");
    }

    @Test
    void rejectsATokenNotYetValid() throws Exception {
        assertRejected(signed(SECRET, "k2", JWSAlgorithm.HS256, c -> c.notBeforeTime(Date.from(NOW.plusSeconds(120)))),
                "The token is not valid");
    }

    @Test
    void rejectsWrongAudienceOrIssuer() throws Exception {
        assertRejected(signed(SECRET, "k2", JWSAlgorithm.HS256, c -> c.audience("someone-else")), "The token is not valid");
        assertRejected(signed(SECRET, "k2", JWSAlgorithm.HS256, c -> c.issuer("evil")), "The token is not valid");
    }

    @Test
    void rejectsATokenWithoutExpiry() throws Exception {
        assertRejected(signed(SECRET, "k2", JWSAlgorithm.HS256, c -> c.expirationTime(null)), "The token is not valid");
    }

    @Test
    void aTokenThatPassedStillExpiresOnTime() {
        MovableClock moving = new MovableClock(NOW);
        TokenVerifier remembering = new TokenVerifier(properties, keys, moving);
        String token = new TokenIssuer(properties, keys, moving).sessionToken("demo-web", SUBJECT, null,
                List.of("chat"), "1.0.0").token();
        assertThat(remembering.verify(token).clientId()).isEqualTo("demo-web");

        // 300 s lifetime + 30 s skew: still good one second before, expired at the edge
        moving.now = NOW.plusSeconds(329);
        assertThat(remembering.verify(token).clientId()).isEqualTo("demo-web");
        moving.now = NOW.plusSeconds(330);
        assertThatThrownBy(() -> remembering.verify(token))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.getMessage()).isEqualTo("The token has expired"));
    }

    @Test
    void aTamperedTwinOfATokenThatPassedIsStillRejected() {
        String token = issuer.sessionToken("demo-web", SUBJECT, null, List.of("chat"), "1.0.0").token();
        assertThat(verifier.verify(token).scopes()).containsExactly("chat");
        String[] parts = token.split("\\.");
        String escalated = Base64URL.encode(new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                .replace("\"chat\"", "\"chat admin\"")).toString();

        assertRejected(parts[0] + "." + escalated + "." + parts[2], "The token is not valid");
        // the signature's first character: all six of its bits are signature bits
        char first = parts[2].charAt(0);
        assertRejected(parts[0] + "." + parts[1] + "." + (first == 'A' ? 'B' : 'A') + parts[2].substring(1),
                "The token is not valid");
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now;

        private MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void rejectsGarbage() {
        assertRejected("not-a-token", "The token is not valid");
        assertRejected("a.b.c", "The token is not valid");
    }

    private void assertRejected(String token, String message) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    private static JWTClaimsSet.Builder claims(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer("cortex-gateway").audience("cortex-gateway-api").subject("demo-web")
                .claim("scope", "chat").jwtID("11111111-2222-3333-4444-555555555555")
                .issueTime(Date.from(NOW.minusSeconds(10))).expirationTime(Date.from(NOW.plusSeconds(290)));
        change.accept(claims);
        return claims;
    }

    private static String signed(String secret, String kid, JWSAlgorithm alg, Consumer<JWTClaimsSet.Builder> change)
            throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(kid).build(),
                claims(change).build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
