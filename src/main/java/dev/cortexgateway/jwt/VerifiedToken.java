package dev.cortexgateway.jwt;

import java.time.Instant;
import java.util.Set;

/** The caller behind a verified token: routes read it from the exchange property {@code principal}. */
public record VerifiedToken(String clientId, Set<String> scopes, String jti, Instant issuedAt, Instant expiresAt,
                            String clientVersion) {

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
