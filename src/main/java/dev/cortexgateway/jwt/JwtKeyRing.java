package dev.cortexgateway.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import dev.cortexgateway.config.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The signing key and every key still accepted for verification, each with its {@code kid}.
 * A secret shorter than 32 bytes (HS256's key size) stops start-up; only the local profile may
 * generate one, and it says so.
 */
@Component
public final class JwtKeyRing {

    static final int MIN_SECRET_BYTES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(JwtKeyRing.class);

    private final OctetSequenceKey signingKey;
    private final JWKSet verificationKeys;

    public JwtKeyRing(JwtProperties properties) {
        byte[] secret = signingSecret(properties);
        this.signingKey = key(properties.keyId(), secret);
        List<com.nimbusds.jose.jwk.JWK> keys = new ArrayList<>();
        keys.add(signingKey);
        Set<String> kids = new HashSet<>(Set.of(properties.keyId()));
        for (JwtProperties.VerificationKey previous : properties.previousKeys()) {
            if (!kids.add(previous.kid())) {
                throw new InvalidSettingException("gateway.jwt.previous-keys", "key id '" + previous.kid() + "' is used twice",
                        "Give every verification key its own kid.");
            }
            keys.add(key(previous.kid(), checked("gateway.jwt.previous-keys[" + previous.kid() + "].secret",
                    previous.secret().getBytes(StandardCharsets.UTF_8))));
        }
        this.verificationKeys = new JWKSet(keys);
    }

    OctetSequenceKey signingKey() {
        return signingKey;
    }

    JWKSet verificationKeys() {
        return verificationKeys;
    }

    private static byte[] signingSecret(JwtProperties properties) {
        String configured = properties.secret();
        if (configured == null || configured.isEmpty()) {
            if (!properties.generateIfMissing()) {
                throw new InvalidSettingException("PROXY_JWT_SECRET (gateway.jwt.secret)", "is not set",
                        "Set PROXY_JWT_SECRET to a random value of at least " + MIN_SECRET_BYTES
                                + " bytes, e.g. `openssl rand -base64 48`.");
            }
            byte[] generated = new byte[48];
            new SecureRandom().nextBytes(generated);
            LOG.warn("PROXY_JWT_SECRET is not set: the local profile generated a random one; "
                    + "tokens will not survive a restart and other instances cannot verify them");
            return generated;
        }
        return checked("PROXY_JWT_SECRET (gateway.jwt.secret)", configured.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] checked(String setting, byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new InvalidSettingException(setting, "is " + secret.length + " bytes; HS256 needs at least "
                    + MIN_SECRET_BYTES, "Use a random value of at least " + MIN_SECRET_BYTES
                    + " bytes, e.g. `openssl rand -base64 48`.");
        }
        return secret;
    }

    private static OctetSequenceKey key(String kid, byte[] secret) {
        return new OctetSequenceKey.Builder(secret).keyID(kid).algorithm(JWSAlgorithm.HS256).build();
    }
}
