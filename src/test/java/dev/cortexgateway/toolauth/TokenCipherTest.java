package dev.cortexgateway.toolauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.InvalidSettingException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AES-256-GCM of stored tool tokens: bound to their row, useless under another key, and its key setting checked. */
class TokenCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final ToolOAuthProperties.Provider PROVIDER = new ToolOAuthProperties.Provider(
            "https://idp.example.com/authorize", "https://idp.example.com/token", "client", "very-secret", java.util.List.of());

    private static TokenCipher cipher(String key, boolean generate, boolean withProvider) {
        return cipher(key, generate, withProvider, List.of());
    }

    private static TokenCipher cipher(String key, boolean generate, boolean withProvider, List<String> previous) {
        return new TokenCipher(new ToolOAuthProperties(key, generate, Duration.ofMinutes(10), Duration.ofSeconds(30),
                Duration.ofSeconds(5), withProvider ? Map.of("idp", PROVIDER) : Map.of(), previous));
    }

    /**
     * The three steps of docs/runbooks/secret-rotation.md: announce the new key as a previous one,
     * switch (new key current, old one previous), retire the old one. Every instance of every step
     * reads what the others wrote, until the old key is retired.
     */
    @Test
    void aKeyRotatesInThreeStepsWithoutDroppingStoredTokens() {
        String oldKey = Base64.getEncoder().encodeToString(new byte[32]);
        byte[] fresh = new byte[32];
        java.util.Arrays.fill(fresh, (byte) 7);
        String newKey = Base64.getEncoder().encodeToString(fresh);
        TokenCipher before = cipher(oldKey, false, true);
        TokenCipher announced = cipher(oldKey, false, true, List.of(newKey));
        TokenCipher switched = cipher(newKey, false, true, List.of(oldKey));
        TokenCipher retired = cipher(newKey, false, true);

        String sealedBefore = before.encrypt("old-row", "o", "t", "access_token");
        String sealedAfterSwitch = switched.encrypt("new-row", "o", "t", "access_token");

        assertThat(announced.decrypt(sealedBefore, "o", "t", "access_token")).isEqualTo("old-row");
        assertThat(announced.decrypt(sealedAfterSwitch, "o", "t", "access_token"))
                .as("an announced instance reads what a switched one wrote during the rolling restart").isEqualTo("new-row");
        assertThat(switched.decrypt(sealedBefore, "o", "t", "access_token")).isEqualTo("old-row");
        assertThat(retired.decrypt(sealedAfterSwitch, "o", "t", "access_token")).isEqualTo("new-row");
        assertThatThrownBy(() -> retired.decrypt(sealedBefore, "o", "t", "access_token"))
                .as("a row never rewritten under the new key is unreadable once the old key is gone")
                .isInstanceOf(TokenCipher.UnreadableException.class);
        assertThatThrownBy(() -> before.decrypt(sealedAfterSwitch, "o", "t", "access_token"))
                .as("why the announce step exists: an instance without the new key cannot read its rows")
                .isInstanceOf(TokenCipher.UnreadableException.class);
        assertThatThrownBy(() -> switched.decrypt(sealedBefore, "o2", "t", "access_token"))
                .as("a previous key still binds a value to its row").isInstanceOf(TokenCipher.UnreadableException.class);
    }

    @Test
    void aPreviousKeyIsCheckedLikeTheCurrentOne() {
        assertThatThrownBy(() -> cipher(KEY, false, true, List.of(Base64.getEncoder().encodeToString(new byte[16]))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gateway.tools.oauth.previous-token-keys[0]").hasMessageContaining("16 bytes, not 32");
    }

    @Test
    void aValueDecryptsOnlyInItsOwnRowAndUnderItsKey() {
        TokenCipher cipher = cipher(KEY, false, true);
        String sealed = cipher.encrypt("access-token-value", "client/s_a", "tool", "access_token");

        assertThat(sealed).doesNotContain("access-token-value");
        assertThat(cipher.encrypt("access-token-value", "client/s_a", "tool", "access_token")).isNotEqualTo(sealed);
        assertThat(cipher.decrypt(sealed, "client/s_a", "tool", "access_token")).isEqualTo("access-token-value");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "client/s_b", "tool", "access_token"))
                .isInstanceOf(TokenCipher.UnreadableException.class);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "client/s_a", "tool", "refresh_token"))
                .isInstanceOf(TokenCipher.UnreadableException.class);
        TokenCipher other = cipher(Base64.getEncoder().encodeToString(new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}),
                false, true);
        assertThatThrownBy(() -> other.decrypt(sealed, "client/s_a", "tool", "access_token"))
                .isInstanceOf(TokenCipher.UnreadableException.class);
        assertThatThrownBy(() -> cipher.decrypt("not-base64!", "client/s_a", "tool", "access_token"))
                .isInstanceOf(TokenCipher.UnreadableException.class);
        assertThat(cipher.encrypt(null, "x")).isNull();
        assertThat(cipher.decrypt(null, "x")).isNull();
    }

    @Test
    void theKeyIsRequiredWithProvidersAndMustBe32Bytes() {
        assertThatThrownBy(() -> cipher(null, false, true)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gateway.tools.oauth.token-key");
        assertThatThrownBy(() -> cipher(Base64.getEncoder().encodeToString(new byte[16]), false, true))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("16 bytes, not 32");
        assertThatThrownBy(() -> cipher("***", false, true)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("not base64");
        // without providers nothing is stored, and the local profile generates one
        TokenCipher generated = cipher(null, true, true);
        assertThat(generated.decrypt(generated.encrypt("x", "c"), "c")).isEqualTo("x");
        TokenCipher unused = cipher(null, false, false);
        assertThat(unused.decrypt(unused.encrypt("x", "c"), "c")).isEqualTo("x");
    }

    @Test
    void aProviderNeverPrintsItsSecret() {
        assertThat(PROVIDER.toString()).doesNotContain("very-secret");
    }
}
