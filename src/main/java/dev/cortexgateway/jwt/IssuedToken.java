package dev.cortexgateway.jwt;

import java.time.Instant;
import java.util.List;

/** A freshly signed token and the facts a token response reports about it. */
public record IssuedToken(String token, String jti, Instant issuedAt, Instant expiresAt, List<String> scopes) {

    public long expiresInSeconds() {
        return expiresAt.getEpochSecond() - issuedAt.getEpochSecond();
    }

    public String scope() {
        return String.join(" ", scopes);
    }
}
