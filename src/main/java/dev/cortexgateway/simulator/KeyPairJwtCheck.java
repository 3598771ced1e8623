package dev.cortexgateway.simulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a Snowflake key-pair JWT the way Snowflake describes it: RS256, {@code iss} =
 * {@code ACCOUNT.USER.SHA256:<fingerprint>} and {@code sub} = {@code ACCOUNT.USER} in upper case,
 * at most one hour between {@code iat} and {@code exp}, not expired, signed by the configured
 * public key whose fingerprint {@code iss} names. Without a configured key every token is refused:
 * a simulator that accepted any well-shaped token would let anyone in.
 */
final class KeyPairJwtCheck {

    private static final Pattern ISSUER = Pattern.compile("([A-Z0-9_-]+)\\.([A-Z0-9_@.-]+)\\.SHA256:([A-Za-z0-9+/=]+)");
    private static final long MAX_LIFETIME_SECONDS = 3600;
    private static final long SKEW_SECONDS = 60;

    private final RSAPublicKey publicKey;
    private final String fingerprint;
    private final Clock clock;

    KeyPairJwtCheck(String publicKeyText, Clock clock) {
        this.clock = clock;
        if (publicKeyText == null || publicKeyText.isBlank()) {
            this.publicKey = null;
            this.fingerprint = null;
        } else {
            byte[] der = Base64.getMimeDecoder().decode(publicKeyText
                    .replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").strip());
            try {
                this.publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
                this.fingerprint = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(der));
            } catch (NoSuchAlgorithmException | InvalidKeySpecException | ClassCastException e) {
                throw new IllegalArgumentException("gateway.simulator.public-key is not an RSA public key (base64 SPKI)", e);
            }
        }
    }

    /** Why the token is refused, or empty when it is acceptable. */
    Optional<String> problem(String token) {
        if (publicKey == null) {
            return Optional.of("JWT token is invalid: no public key is registered for key-pair authentication "
                    + "(gateway.simulator.public-key)");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Optional.of("JWT token is invalid: not a signed JWT");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            return Optional.of("JWT token is invalid: algorithm must be RS256");
        }
        String issuer = claims.getIssuer();
        Matcher iss = issuer == null ? null : ISSUER.matcher(issuer);
        if (iss == null || !iss.matches()) {
            return Optional.of("JWT token is invalid: iss must be ACCOUNT.USER.SHA256:<fingerprint> in upper case");
        }
        String expectedSubject = iss.group(1) + "." + iss.group(2);
        if (!expectedSubject.equals(claims.getSubject())) {
            return Optional.of("JWT token is invalid: sub must be ACCOUNT.USER matching iss");
        }
        Date issuedAt = claims.getIssueTime();
        Date expires = claims.getExpirationTime();
        if (issuedAt == null || expires == null) {
            return Optional.of("JWT token is invalid: iat and exp are required");
        }
        long lifetime = (expires.getTime() - issuedAt.getTime()) / 1000;
        if (lifetime <= 0 || lifetime > MAX_LIFETIME_SECONDS) {
            return Optional.of("JWT token is invalid: exp must be at most one hour after iat");
        }
        Instant now = clock.instant();
        if (expires.toInstant().plusSeconds(SKEW_SECONDS).isBefore(now)) {
            return Optional.of("JWT token is invalid: expired");
        }
        if (issuedAt.toInstant().minusSeconds(SKEW_SECONDS).isAfter(now)) {
            return Optional.of("JWT token is invalid: issued in the future");
        }
        if (!fingerprint.equals(iss.group(3))) {
            return Optional.of("JWT token is invalid: public key fingerprint does not match");
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(publicKey))) {
                return Optional.of("JWT token is invalid: bad signature");
            }
        } catch (JOSEException e) {
            return Optional.of("JWT token is invalid: signature cannot be checked");
        }
        return Optional.empty();
    }
}
