package dev.cortexgateway.cortex;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;

/**
 * Snowflake's key-pair JWT (Snowflake's key-pair authentication docs): RS256, {@code iss = ACCOUNT.USER.SHA256:<fingerprint>},
 * {@code sub = ACCOUNT.USER}, {@code exp} 59 minutes after {@code iat} (Snowflake caps it at one
 * hour). A token is reused until {@link #REFRESH_BEFORE} before it expires, so requests never carry
 * one that runs out on the way.
 */
public final class KeyPairJwt {

    static final Duration LIFETIME = Duration.ofMinutes(59);
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

    private final String subject;
    private final String issuer;
    private final String fingerprint;
    private final RSASSASigner signer;
    private final Clock clock;
    private String token;
    private Instant expiresAt = Instant.MIN;

    public KeyPairJwt(String account, String user, RSAPrivateCrtKey privateKey, Clock clock) {
        this.subject = accountIdentifier(account) + "." + user.trim().toUpperCase(Locale.ROOT);
        this.fingerprint = fingerprint(privateKey);
        this.issuer = subject + "." + fingerprint;
        this.signer = new RSASSASigner(privateKey);
        this.clock = clock;
    }

    /** A valid token, minted again when the cached one is within {@link #REFRESH_BEFORE} of expiry. */
    public synchronized String token() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(expiresAt.minus(REFRESH_BEFORE))) {
            Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
            Instant expires = issuedAt.plus(LIFETIME);
            token = sign(issuedAt, expires);
            expiresAt = expires;
        }
        return token;
    }

    public String issuer() {
        return issuer;
    }

    public String subject() {
        return subject;
    }

    /** {@code SHA256:<base64 of the SHA-256 of the public key's SPKI DER>}, as {@code DESC USER} shows it. */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * The account part of the claims, upper case. An account locator loses its region and cloud
     * ({@code xy12345.eu-central-1} becomes {@code XY12345}); {@code orgname.account_name} becomes
     * {@code ORGNAME-ACCOUNT_NAME}. A pasted host name loses {@code .snowflakecomputing.com}.
     * Regions always contain a hyphen or a further dot, account names never contain a hyphen:
     * that tells the two dotted forms apart.
     */
    public static String accountIdentifier(String account) {
        String value = account.trim();
        int host = value.toLowerCase(Locale.ROOT).indexOf(".snowflakecomputing.");
        if (host >= 0) {
            value = value.substring(0, host);
        }
        if (value.startsWith("https://") || value.startsWith("http://")) {
            value = value.substring(value.indexOf("//") + 2);
        }
        int dot = value.indexOf('.');
        if (dot >= 0) {
            String rest = value.substring(dot + 1);
            value = rest.contains(".") || rest.contains("-") ? value.substring(0, dot) : value.replace('.', '-');
        }
        return value.toUpperCase(Locale.ROOT);
    }

    /**
     * Reads an unencrypted PKCS#8 RSA key given inline as PEM or as the path of a PEM file. The
     * message of the exception never contains key material.
     */
    public static RSAPrivateCrtKey readPrivateKey(String pemOrPath) {
        String pem = pemOrPath.trim();
        if (!pem.contains("-----BEGIN")) {
            try {
                pem = Files.readString(Path.of(pem));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("is neither a PEM key nor a readable file (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (pem.contains("ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("is an encrypted key; the gateway reads unencrypted PKCS#8 keys only "
                    + "(openssl pkcs8 -topk8 -nocrypt -in key.p8 -out key-plain.p8)");
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException("is a PKCS#1 key; convert it to PKCS#8 "
                    + "(openssl pkcs8 -topk8 -nocrypt -in rsa_key.pem -out rsa_key.p8)");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("holds no '-----BEGIN PRIVATE KEY-----' block");
        }
        // a PEM passed through an environment variable often carries literal \n sequences
        String base64 = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replace("\\n", "");
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64);
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            if (key instanceof RSAPrivateCrtKey rsa) {
                return rsa;
            }
            throw new IllegalArgumentException("is not an RSA key with CRT parameters");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a readable PKCS#8 RSA private key (" + e.getClass().getSimpleName() + ")");
        }
    }

    static String fingerprint(RSAPrivateCrtKey privateKey) {
        try {
            byte[] spki = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()))
                    .getEncoded();
            return "SHA256:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA and SHA-256 are part of every JDK", e);
        }
    }

    private String sign(Instant issuedAt, Instant expires) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing the Snowflake key-pair JWT failed: " + e.getClass().getSimpleName());
        }
        return jwt.serialize();
    }
}
