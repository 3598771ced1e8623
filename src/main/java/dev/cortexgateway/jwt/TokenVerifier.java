package dev.cortexgateway.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Verifies a token with Nimbus: HS256 only (the algorithm is pinned, so {@code none} and any other
 * algorithm fail), a key from the ring chosen by {@code kid}, then {@code iss}, {@code aud},
 * {@code exp}/{@code nbf} with the configured skew, and the claims every token must carry.
 *
 * <p>A token that passed is remembered until it expires (at most {@value #REMEMBERED} of them, for at
 * most {@link #REMEMBER_FOR}): the same token on the next request is the same bytes under the same
 * immutable key ring, so its signature and claims need not be checked again. Only its expiry is, on
 * every use. A token is a bearer credential with no server-side state (nothing revokes one before it
 * expires), so remembering it changes no answer; it saves the HMAC and the claims parsing, about a
 * tenth of a tool call's CPU in a profile.
 */
@Component
public final class TokenVerifier {

    private static final Set<String> REQUIRED_CLAIMS = Set.of("sub", "exp", "iat", "jti", "scope");
    static final int REMEMBERED = 10_000;
    static final Duration REMEMBER_FOR = Duration.ofMinutes(5);

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Map<Duration, DefaultJWTProcessor<SecurityContext>> renewalProcessors = new ConcurrentHashMap<>();
    private final JwtProperties properties;
    private final JwtKeyRing keys;
    private final Clock clock;
    private final Cache<String, VerifiedToken> passed;

    public TokenVerifier(JwtProperties properties, JwtKeyRing keys, Clock clock) {
        this.properties = properties;
        this.keys = keys;
        this.clock = clock;
        this.processor = processor(properties.clockSkew());
        this.passed = Caffeine.newBuilder().maximumSize(REMEMBERED).expireAfterWrite(REMEMBER_FOR).build();
    }

    /**
     * A processor with every check of {@link #verify}; {@code skew} is how far past {@code exp} a
     * token still passes (the clock skew, or for renewal the renewal window on top of it).
     */
    private DefaultJWTProcessor<SecurityContext> processor(Duration skew) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
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
        claims.setMaxClockSkew((int) skew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    /** The token's caller, or 401 UNAUTHORIZED saying only whether it expired or is otherwise invalid. */
    public VerifiedToken verify(String token) {
        VerifiedToken known = passed.getIfPresent(token);
        if (known != null && clock.instant().isBefore(known.expiresAt().plus(properties.clockSkew()))) {
            return known;
        }
        // unknown, or expired since: the full check answers (and says "expired" when it is)
        VerifiedToken verified = verify(processor, token);
        passed.put(token, verified);
        return verified;
    }

    /**
     * Like {@link #verify}, but a token that expired at most {@code renewalWindow} ago still passes
     * (signature, issuer, audience and claims are checked all the same): the session token a browser
     * presents to renew itself after a sleep.
     */
    public VerifiedToken verifyForRenewal(String token, Duration renewalWindow) {
        return verify(renewalProcessors.computeIfAbsent(renewalWindow,
                window -> processor(properties.clockSkew().plus(window))), token);
    }

    private static VerifiedToken verify(DefaultJWTProcessor<SecurityContext> processor, String token) {
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
            // tokens issued before client_id existed name the client in sub (and have no subject)
            String clientId = claims.getStringClaim(TokenIssuer.CLIENT_ID_CLAIM);
            String subject = null;
            Instant sessionStart = null;
            if (clientId == null) {
                clientId = claims.getSubject();
            } else if (!clientId.equals(claims.getSubject())) {
                subject = claims.getSubject();
                Date start = claims.getDateClaim(TokenIssuer.SESSION_START_CLAIM);
                sessionStart = start == null ? claims.getIssueTime().toInstant() : start.toInstant();
            }
            return new VerifiedToken(clientId, Set.copyOf(scopes), claims.getJWTID(),
                    claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant(),
                    claims.getStringClaim("cv"), subject, sessionStart);
        } catch (ParseException e) {
            throw unauthorized("The token is not valid", "Send a token issued by this gateway");
        }
    }

    static GatewayException unauthorized(String message, String hint) {
        return new GatewayException(ErrorCode.UNAUTHORIZED, message, hint, Map.of());
    }
}
