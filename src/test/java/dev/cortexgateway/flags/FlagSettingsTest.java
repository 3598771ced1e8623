package dev.cortexgateway.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.config.InvalidSettingException;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

/** Flag settings that cannot work fail start-up, naming the setting. */
class FlagSettingsTest {

    @TempDir
    Path dataDir;

    @Test
    void anUnknownRouteIdInTheDefaultsFailsStartUpNamingIt() {
        assertThat(failure(() -> start("--gateway.flags.defaults.tools-lst=false", "--gateway.flags.defaults.health=true")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gateway.flags.defaults").hasMessageContaining("[tools-lst]");
    }

    @Test
    void aRefreshSlowerThanFiveSecondsFailsStartUp() {
        assertThat(failure(() -> start("--gateway.flags.refresh-interval=10s")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gateway.flags.refresh-interval");
    }

    /** The most specific cause of the start-up failure (what the failure analyzer reports). */
    private static Throwable failure(ThrowingCallable startUp) {
        Throwable thrown = catchThrowable(startUp);
        assertThat(thrown).as("start-up must fail").isNotNull();
        return NestedExceptionUtils.getMostSpecificCause(thrown);
    }

    private void start(String... arguments) {
        String[] all = new String[arguments.length + 2];
        all[0] = "--server.port=0";
        all[1] = "--gateway.data-dir=" + dataDir.toAbsolutePath();
        System.arraycopy(arguments, 0, all, 2, arguments.length);
        new SpringApplicationBuilder(GatewayApplication.class).profiles("local", "test").run(all).close();
    }
}
