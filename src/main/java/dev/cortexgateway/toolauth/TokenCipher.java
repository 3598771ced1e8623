package dev.cortexgateway.toolauth;

import dev.cortexgateway.config.InvalidSettingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Encrypts the OAuth tokens and PKCE verifiers the gateway stores: AES-256-GCM from the JDK, a fresh
 * 96-bit nonce per value, and the row the value belongs to (owner, tool, field) as associated data,
 * so a ciphertext copied into another user's row does not decrypt. Stored as base64url of
 * nonce + ciphertext + tag. New values are sealed with {@code token-key}; values are opened with it
 * or, failing that, with one of {@code previous-token-keys}, so a key can be rotated across a rolling
 * restart without dropping the stored authorizations (docs/runbooks/secret-rotation.md).
 */
@Component
public final class TokenCipher {

    private static final Logger LOG = LoggerFactory.getLogger(TokenCipher.class);
    private static final String SETTING = "gateway.tools.oauth.token-key";
    private static final String PREVIOUS_SETTING = "gateway.tools.oauth.previous-token-keys";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    /** The current key first, then the previous ones: the keys a stored value may be sealed with. */
    private final List<SecretKey> openingKeys;

    public TokenCipher(ToolOAuthProperties properties) {
        this.key = key(properties);
        List<SecretKey> keys = new ArrayList<>(List.of(key));
        for (int i = 0; i < properties.previousTokenKeys().size(); i++) {
            keys.add(decoded(PREVIOUS_SETTING + "[" + i + "]", properties.previousTokenKeys().get(i)));
        }
        this.openingKeys = List.copyOf(keys);
    }

    /** Thrown when a stored value does not decrypt: another key, or a value moved between rows. */
    public static final class UnreadableException extends RuntimeException {
        UnreadableException() {
            super("a stored token does not decrypt with the current key");
        }
    }

    public String encrypt(String plain, String... context) {
        if (plain == null) {
            return null;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(context));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JRE", e);
        }
    }

    public String decrypt(String stored, String... context) {
        if (stored == null) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(stored);
        } catch (IllegalArgumentException e) {
            throw new UnreadableException();
        }
        if (bytes.length <= NONCE_BYTES) {
            throw new UnreadableException();
        }
        for (SecretKey candidate : openingKeys) {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, candidate, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
                cipher.updateAAD(aad(context));
                return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                // the GCM tag does not match under this key: try the next one
            }
        }
        throw new UnreadableException();
    }

    private static byte[] aad(String... context) {
        return String.join("\n", context).getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKey key(ToolOAuthProperties properties) {
        String configured = properties.tokenKey();
        if (configured == null || configured.isBlank()) {
            if (!properties.generateKeyIfMissing() && !properties.providers().isEmpty()) {
                throw new InvalidSettingException(SETTING, "is not set", "Set GATEWAY_TOOL_TOKEN_KEY to the base64 of 32 random bytes "
                        + "(openssl rand -base64 32)");
            }
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            if (!properties.providers().isEmpty()) {
                LOG.warn("{} is not set: tool tokens are encrypted with a key generated for this start only", SETTING);
            }
            return new SecretKeySpec(random, "AES");
        }
        return decoded(SETTING, configured);
    }

    private static SecretKey decoded(String setting, String configured) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(configured.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(setting, "is not base64", "Write the base64 of 32 random bytes (openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new InvalidSettingException(setting, "is " + bytes.length + " bytes, not 32",
                    "Write the base64 of 32 random bytes (openssl rand -base64 32)");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
