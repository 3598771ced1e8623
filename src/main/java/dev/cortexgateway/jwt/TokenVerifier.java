package dev.cortexgateway.jwt;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.text.ParseException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Verifies a token with Nimbus: HS256 only (the algorithm is pinned, so {@code none} and any other
 * algorithm fail), a key from the ring chosen by {@code kid}, then {@code iss}, {@code aud},
 * {@code exp}/{@code nbf} with the configured skew, and the claims every token must carry.
 */
@Component
public final class TokenVerifier {

    private static final Set<String> REQUIRED_CLAIMS = Set.of("sub", "exp", "iat", "jti", "scope");

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public TokenVerifier(JwtProperties properties, JwtKeyRing keys, Clock clock) {
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                new ImmutableJWKSet<>(keys.verificationKeys())));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                // Nimbus probes these sets with contains(null), which immutable sets refuse
                new HashSet<>(Set.of(properties.audience())),
                new JWTClaimsSet.Builder().issuer(properties.issuer()).build(),
                new HashSet<>(REQUIRED_CLAIMS), new HashSet<>()) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew((int) properties.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The token's caller, or 401 UNAUTHORIZED saying only whether it expired or is otherwise invalid. */
    public VerifiedToken verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (BadJWTException e) {
            boolean expired = e.getMessage() != null && e.getMessage().startsWith("Expired JWT");
            throw unauthorized(expired ? "The token has expired" : "The token is not valid",
                    expired ? "Request a new token" : "Send a token issued by this gateway");
        } catch (Exception e) {
            throw unauthorized("The token is not valid", "Send a token issued by this gateway");
        }
        try {
            String scope = claims.getStringClaim("scope");
            Set<String> scopes = new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+")));
            scopes.remove("");
            return new VerifiedToken(claims.getSubject(), Set.copyOf(scopes), claims.getJWTID(),
                    claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant(),
                    claims.getStringClaim("cv"));
        } catch (ParseException e) {
            throw unauthorized("The token is not valid", "Send a token issued by this gateway");
        }
    }

    static GatewayException unauthorized(String message, String hint) {
        return new GatewayException(ErrorCode.UNAUTHORIZED, message, hint, Map.of());
    }
}
