package dev.cortexgateway.jwt;

import dev.cortexgateway.identity.Owner;
import java.time.Instant;
import java.util.Set;

/**
 * The caller behind a verified token: routes read it from the exchange property {@code principal}.
 *
 * @param subject      a public client's end user (the session token's {@code sub}); null for a
 *                     confidential client's access token, whose {@code sub} is the client itself
 * @param sessionStart when the end user's first session token was issued ({@code auth_time}, kept
 *                     through renewals); null without a subject
 */
public record VerifiedToken(String clientId, Set<String> scopes, String jti, Instant issuedAt, Instant expiresAt,
                            String clientVersion, String subject, Instant sessionStart) {

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** The owner the token alone names (a confidential client may narrow it per request: {@link Owner#of}). */
    public Owner owner() {
        return new Owner(clientId, subject);
    }
}
