package dev.cortexgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.config.CortexProperties;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheKeysTest {

    @Test
    void normalizationTrimsCollapsesWhitespaceAndLowerCases() {
        assertThat(CacheKeys.normalize("  Revenue\n\tBY   Région \u00a0")).isEqualTo("revenue by région");
    }

    @Test
    void theRoleIsPartOfTheKey() {
        CacheKeys analyst = new CacheKeys(cortex("ANALYST", "claude-4-sonnet", "DB.S.SEARCH"));
        CacheKeys finance = new CacheKeys(cortex("FINANCE", "claude-4-sonnet", "DB.S.SEARCH"));
        CacheKeys analystAgain = new CacheKeys(cortex("ANALYST", "claude-4-sonnet", "DB.S.SEARCH"));

        assertThat(analyst.key("", "q")).isNotEqualTo(finance.key("", "q"));
        assertThat(analyst.key("", "q")).isEqualTo(analystAgain.key("", "q")).hasSize(64);
    }

    @Test
    void theAgentConfigurationAndThePrefixArePartOfTheKey() {
        CacheKeys base = new CacheKeys(cortex("R", "claude-4-sonnet", "DB.S.SEARCH"));

        assertThat(base.key("", "q")).isNotEqualTo(new CacheKeys(cortex("R", "mistral-large2", "DB.S.SEARCH")).key("", "q"));
        assertThat(base.key("", "q")).isNotEqualTo(new CacheKeys(cortex("R", "claude-4-sonnet", "DB.S.OTHER")).key("", "q"));
        assertThat(base.key("a", "q")).isNotEqualTo(base.key("", "q"));
        // parts are length-prefixed: moving text between prefix and question changes the key
        assertThat(base.key("ab", "c")).isNotEqualTo(base.key("a", "bc"));
    }

    @Test
    void globsMatchTheWholeNormalizedQuery() {
        assertThat(CacheManagement.glob("alpha *").matcher("alpha one").matches()).isTrue();
        assertThat(CacheManagement.glob("alpha *").matcher("the alpha one").matches()).isFalse();
        assertThat(CacheManagement.glob("a?c").matcher("abc").matches()).isTrue();
        assertThat(CacheManagement.glob("a.c").matcher("abc").matches()).as("regex characters are literal").isFalse();
    }

    private static CortexProperties cortex(String role, String model, String search) {
        return new CortexProperties(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1), Duration.ofSeconds(5), role, null,
                new CortexProperties.Agent(CortexProperties.Mode.INLINE, null, null, null, model, false,
                        new CortexProperties.Tools(search, null, null, null)),
                new CortexProperties.Auth(CortexProperties.AuthType.PAT, "t", null, null, null));
    }
}
