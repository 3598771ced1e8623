package dev.cortexgateway.auth;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Confidential clients' secrets at rest: salted BCrypt hashes, never the secret. A check against an
 * unknown client still costs one hash comparison, so timing does not tell which client ids exist.
 */
@Component
public final class ClientSecrets {

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);
    private final String decoyHash = bcrypt.encode("decoy-secret-for-unknown-clients");

    public String hash(String secret) {
        return bcrypt.encode(secret);
    }

    /** True when {@code secret} matches {@code hash}; a null hash (unknown client) never matches. */
    public boolean matches(String secret, String hash) {
        boolean matched = bcrypt.matches(secret == null ? "" : secret, hash == null ? decoyHash : hash);
        return hash != null && matched;
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
