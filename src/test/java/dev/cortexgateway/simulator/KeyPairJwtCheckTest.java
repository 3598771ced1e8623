package dev.cortexgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The key-pair JWT check, including signature and fingerprint when a public key is configured. */
class KeyPairJwtCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static KeyPair keys;
    private static KeyPair other;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        other = generator.generateKeyPair();
    }

    @Test
    void withoutAKeyEveryTokenIsRefused() throws Exception {
        KeyPairJwtCheck check = new KeyPairJwtCheck(null, CLOCK);
        assertThat(check.problem(token(keys.getPrivate(), fingerprint(keys), NOW, 3600)))
                .hasValueSatisfying(p -> assertThat(p).contains("gateway.simulator.public-key"));
        assertThat(check.problem(token(other.getPrivate(), fingerprint(other), NOW, 60))).isPresent();
    }

    @Test
    void shapeAndClaimsCount() throws Exception {
        KeyPairJwtCheck check = new KeyPairJwtCheck(pem(keys), CLOCK);
        assertThat(check.problem(token(keys.getPrivate(), fingerprint(keys), NOW, 3601))).isPresent();
        assertThat(check.problem(token(keys.getPrivate(), fingerprint(keys), NOW.minusSeconds(7200), 3600))).isPresent();
        SignedJWT hs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(fingerprint(keys), NOW, 60));
        hs256.sign(new MACSigner(new byte[32]));
        assertThat(check.problem(hs256.serialize())).hasValueSatisfying(p -> assertThat(p).contains("RS256"));
    }

    @Test
    void withAKeyTheSignatureAndFingerprintMustMatch() throws Exception {
        KeyPairJwtCheck check = new KeyPairJwtCheck(pem(keys), CLOCK);
        assertThat(check.problem(token(keys.getPrivate(), fingerprint(keys), NOW, 3600))).isEmpty();
        assertThat(check.problem(token(other.getPrivate(), fingerprint(keys), NOW, 3600)))
                .hasValueSatisfying(p -> assertThat(p).contains("signature"));
        assertThat(check.problem(token(keys.getPrivate(), fingerprint(other), NOW, 3600)))
                .hasValueSatisfying(p -> assertThat(p).contains("fingerprint"));
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
    }

    private static String fingerprint(KeyPair pair) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded()));
    }

    private static String token(PrivateKey key, String fingerprint, Instant issuedAt, long lifetimeSeconds) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims(fingerprint, issuedAt, lifetimeSeconds));
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(String fingerprint, Instant issuedAt, long lifetimeSeconds) {
        return new JWTClaimsSet.Builder().issuer("ORG-ACCT.USER1.SHA256:" + fingerprint).subject("ORG-ACCT.USER1")
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plusSeconds(lifetimeSeconds))).build();
    }
}
