package dev.cortexgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.config.InvalidSettingException;
import dev.cortexgateway.config.InvalidSettingFailureAnalyzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The application started the way the container image starts it: no profile, no settings. It must
 * not fall back to the local setup (simulator, demo clients, generated secret) but stop, with one
 * message naming every setting that is missing.
 */
class BareStartTest {

    @TempDir
    Path dataDir;

    @Test
    void withoutProfileOrSettingsStartUpStopsNamingWhatIsMissing() {
        Throwable failure = catchThrowable(() -> start());

        InvalidSettingException invalid = cause(failure);
        assertThat(invalid.setting()).contains("GATEWAY_CORTEX_BASE_URL", "GATEWAY_CORTEX_AUTH_TYPE", "PROXY_JWT_SECRET");
        FailureAnalysis report = new InvalidSettingFailureAnalyzer().analyze(failure);
        assertThat(report.getDescription()).contains("not set").contains("no profile is active");
        assertThat(report.getAction()).contains("--spring.profiles.active=snowflake").contains("--spring.profiles.active=local");
    }

    @Test
    void theSnowflakeProfileNamesTheUnsetVariablesToo() {
        InvalidSettingException invalid = cause(catchThrowable(() -> start("--spring.profiles.active=snowflake")));
        assertThat(invalid.setting()).contains("GATEWAY_CORTEX_BASE_URL", "PROXY_JWT_SECRET")
                .doesNotContain("GATEWAY_CORTEX_AUTH_TYPE");
        assertThat(invalid.getMessage()).contains("active profiles: snowflake");
    }

    @Test
    void aToolOAuthProviderWithoutATokenKeyIsNamedToo() {
        InvalidSettingException invalid = cause(catchThrowable(() -> start("--spring.profiles.active=snowflake",
                "--gateway.tools.oauth.providers.github.authorize-url=https://github.com/login/oauth/authorize")));
        assertThat(invalid.setting()).contains("GATEWAY_TOOL_TOKEN_KEY (gateway.tools.oauth.token-key)", "PROXY_JWT_SECRET");
        InvalidSettingException withoutProvider = cause(catchThrowable(() -> start("--spring.profiles.active=snowflake")));
        assertThat(withoutProvider.setting()).doesNotContain("GATEWAY_TOOL_TOKEN_KEY");
    }

    @Test
    void theImageSetsNoProfile() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        String container = pom.substring(pom.indexOf("<container>"), pom.indexOf("</container>"))
                .replaceAll("(?s)<!--.*?-->", "");
        assertThat(container).doesNotContain("SPRING_PROFILES_ACTIVE").doesNotContain("spring.profiles");
    }

    private void start(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--server.port=0";
        all[1] = "--gateway.data-dir=" + dataDir;
        System.arraycopy(args, 0, all, 2, args.length);
        new SpringApplicationBuilder(GatewayApplication.class).run(all).close();
    }

    private static InvalidSettingException cause(Throwable failure) {
        assertThat(failure).as("start-up fails").isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("no InvalidSettingException in the failure", failure);
    }
}
