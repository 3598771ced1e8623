package dev.cortexgateway.cortex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.CortexProperties;
import dev.cortexgateway.config.CortexProperties.Agent;
import dev.cortexgateway.config.CortexProperties.Auth;
import dev.cortexgateway.config.CortexProperties.AuthType;
import dev.cortexgateway.config.CortexProperties.Mode;
import dev.cortexgateway.config.CortexProperties.Tools;
import dev.cortexgateway.config.InvalidSettingException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Defaults as Spring binds them, and the cross-setting checks that stop start-up. */
class CortexPropertiesTest {

    private static final CortexProperties VALID = TestSettings.inline(URI.create("https://acct.snowflakecomputing.com"),
            TestSettings.NO_TOOLS);

    private static CortexProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bind("gateway.cortex", CortexProperties.class).get();
    }

    @Test
    void springBindsTheDefaultsAndLowerCaseEnums() {
        CortexProperties bound = bind(Map.of("gateway.cortex.base-url", "http://127.0.0.1:8080",
                "gateway.cortex.auth.type", "keypair", "gateway.cortex.agent.tools.search-service", "DB.SCH.SVC"));
        assertThat(bound.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(bound.inactivityTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(bound.agent().mode()).isEqualTo(Mode.INLINE);
        assertThat(bound.agent().model()).isEqualTo("claude-4-sonnet");
        assertThat(bound.agent().legacy()).isFalse();
        assertThat(bound.agent().tools().search()).isTrue();
        assertThat(bound.agent().tools().analyst()).isFalse();
        assertThat(bound.auth().type()).isEqualTo(AuthType.KEYPAIR);

        CortexProperties object = bind(Map.of("gateway.cortex.base-url", "http://127.0.0.1:8080",
                "gateway.cortex.agent.mode", "object", "gateway.cortex.auth.type", "pat"));
        assertThat(object.agent().mode()).isEqualTo(Mode.OBJECT);
    }

    @Test
    void validSettingsPass() {
        assertThat(VALID.checked()).isSameAs(VALID);
    }

    private static void rejected(CortexProperties properties, String setting) {
        assertThatThrownBy(properties::checked).isInstanceOf(InvalidSettingException.class)
                .satisfies(e -> assertThat(((InvalidSettingException) e).setting()).isEqualTo(setting));
    }

    @Test
    void badCombinationsNameTheirSetting() {
        rejected(new CortexProperties(URI.create("ftp://host"), Duration.ofSeconds(1), Duration.ofSeconds(1), null, null,
                VALID.agent(), VALID.auth()), "gateway.cortex.base-url");
        rejected(new CortexProperties(URI.create("localhost:8080"), Duration.ofSeconds(1), Duration.ofSeconds(1), null, null,
                VALID.agent(), VALID.auth()), "gateway.cortex.base-url");
        rejected(TestSettings.withInactivity(VALID, Duration.ZERO), "gateway.cortex.inactivity-timeout");
        rejected(TestSettings.withAgent(VALID, new Agent(Mode.OBJECT, "DB", null, "A", "m", false, TestSettings.NO_TOOLS)),
                "gateway.cortex.agent.schema");
        rejected(TestSettings.withAgent(VALID, new Agent(Mode.OBJECT, "DB", "S", " ", "m", false, TestSettings.NO_TOOLS)),
                "gateway.cortex.agent.name");
        rejected(TestSettings.withAgent(VALID, new Agent(Mode.OBJECT, "DB", "S", "A", "m", true, TestSettings.NO_TOOLS)),
                "gateway.cortex.agent.legacy");
        rejected(TestSettings.withAgent(VALID, new Agent(Mode.INLINE, null, null, null, "m", false,
                new Tools(null, "@s/m.yaml", "DB.S.V", null))), "gateway.cortex.agent.tools.semantic-view");
        rejected(TestSettings.withAuth(VALID, new Auth(AuthType.PAT, "", null, null, null)), "gateway.cortex.auth.token");
        rejected(TestSettings.withAuth(VALID, new Auth(AuthType.OAUTH, null, null, null, null)), "gateway.cortex.auth.token");
        rejected(TestSettings.withAuth(VALID, new Auth(AuthType.KEYPAIR, null, "acct", null, "k")), "gateway.cortex.auth.user");
        rejected(TestSettings.withAuth(VALID, new Auth(AuthType.KEYPAIR, null, "acct", "u", null)), "gateway.cortex.auth.private-key");
    }
}
