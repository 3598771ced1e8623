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

    /** The client a token was issued to (RFC 9068); {@code sub} is the end user for session tokens. */
    public static final String CLIENT_ID_CLAIM = "client_id";
    /** When the end user's session began (OpenID Connect's {@code auth_time}), kept through renewals. */
    public static final String SESSION_START_CLAIM = "auth_time";

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

    /**
     * A session token for one end user of a public client: {@code sub} is the user's subject,
     * {@code client_id} the client, {@code auth_time} when the user's first token was issued (null:
     * now, a new session), and {@code cv} the client version.
     */
    public IssuedToken sessionToken(String clientId, String subject, Instant sessionStart, List<String> scopes,
                                    String clientVersion) {
        return issue(clientId, subject, sessionStart, scopes, clientVersion, properties.sessionTokenTtl());
    }

    /** An access token for a confidential client: {@code sub} and {@code client_id} are the client. */
    public IssuedToken accessToken(String clientId, List<String> scopes) {
        return issue(clientId, clientId, null, scopes, null, properties.accessTokenTtl());
    }

    private IssuedToken issue(String clientId, String subject, Instant sessionStart, List<String> scopes,
                              String clientVersion, Duration ttl) {
        // whole seconds: JWT times are NumericDate seconds, and the response reports the same values
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant expires = now.plus(ttl);
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .audience(properties.audience())
                .subject(subject)
                .claim(CLIENT_ID_CLAIM, clientId)
                .claim("scope", String.join(" ", scopes))
                .jwtID(jti)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires));
        if (clientVersion != null) {
            claims.claim("cv", clientVersion);
        }
        if (!subject.equals(clientId)) {
            claims.claim(SESSION_START_CLAIM, Date.from(sessionStart == null ? now : sessionStart));
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
