package dev.cortexgateway.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.InvalidSettingException;
import dev.cortexgateway.config.InvalidSettingFailureAnalyzer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwtKeyRingTest {

    @Test
    void aShortSecretStopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> new JwtKeyRing(properties("only-twenty-bytes-ok", false)))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("PROXY_JWT_SECRET (gateway.jwt.secret): is 20 bytes; HS256 needs at least 32");
                    assertThat(new InvalidSettingFailureAnalyzer().analyze(e).getDescription())
                            .isEqualTo("Invalid setting PROXY_JWT_SECRET (gateway.jwt.secret): is 20 bytes; HS256 needs at least 32");
                });
    }

    @Test
    void aMissingSecretStopsStartUpOutsideTheLocalProfile() {
        assertThatThrownBy(() -> new JwtKeyRing(properties(null, false)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("PROXY_JWT_SECRET (gateway.jwt.secret): is not set");
    }

    @Test
    void theLocalProfileGeneratesASecret() {
        JwtKeyRing keys = new JwtKeyRing(properties(null, true));
        assertThat(keys.signingKey().toByteArray()).hasSizeGreaterThanOrEqualTo(32);
    }

    private static JwtProperties properties(String secret, boolean generate) {
        return new JwtProperties(secret, "k1", List.of(), generate, "cortex-gateway", "cortex-gateway-api",
                Duration.ofSeconds(300), Duration.ofSeconds(900), Duration.ofSeconds(30));
    }
}
