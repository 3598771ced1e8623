package dev.cortexgateway.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Signs HS256 tokens with the key ring's current key, {@code kid} in the header. */
@Component
public final class TokenIssuer {

    private final JwtProperties properties;
    private final JwtKeyRing keys;
    private final MACSigner signer;
    private final Clock clock;

    public TokenIssuer(JwtProperties properties, JwtKeyRing keys, Clock clock) {
        this.properties = properties;
        this.keys = keys;
        this.clock = clock;
        try {
            this.signer = new MACSigner(keys.signingKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("the signing key cannot sign HS256", e);
        }
    }

    /** A session token for a public client (carries the client version as {@code cv}). */
    public IssuedToken sessionToken(String clientId, List<String> scopes, String clientVersion) {
        return issue(clientId, scopes, clientVersion, properties.sessionTokenTtl());
    }

    /** An access token for a confidential client. */
    public IssuedToken accessToken(String clientId, List<String> scopes) {
        return issue(clientId, scopes, null, properties.accessTokenTtl());
    }

    private IssuedToken issue(String clientId, List<String> scopes, String clientVersion, Duration ttl) {
        // whole seconds: JWT times are NumericDate seconds, and the response reports the same values
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant expires = now.plus(ttl);
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .audience(properties.audience())
                .subject(clientId)
                .claim("scope", String.join(" ", scopes))
                .jwtID(jti)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires));
        if (clientVersion != null) {
            claims.claim("cv", clientVersion);
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(JOSEObjectType.JWT)
                .keyID(keys.signingKey().getKeyID())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return new IssuedToken(jwt.serialize(), jti, now, expires, List.copyOf(scopes));
    }
}
