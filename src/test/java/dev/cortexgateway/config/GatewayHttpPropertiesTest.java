package dev.cortexgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The connection buffer setting: Tomcat's size by default here, and a size out of range fails start-up naming it. */
class GatewayHttpPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                    ValidationAutoConfiguration.class))
            .withUserConfiguration(Properties.class);

    @Test
    void connectionBuffersAreFourKibibytesUnlessSet() {
        runner.run(context -> assertThat(context.getBean(GatewayHttpProperties.class).connectionBufferBytes()).isEqualTo(4096));
        runner.withPropertyValues("gateway.http.connection-buffer-bytes=8192").run(context ->
                assertThat(context.getBean(GatewayHttpProperties.class).connectionBufferBytes()).isEqualTo(8192));
    }

    @Test
    void aBufferTooSmallOrTooLargeFailsStartUpNamingIt() {
        for (String bad : new String[] {"0", "511", "65537", "2147483647"}) {
            runner.withPropertyValues("gateway.http.connection-buffer-bytes=" + bad).run(context ->
                    assertThat(context).as(bad).getFailure().rootCause().hasMessageContaining("connectionBufferBytes"));
        }
    }

    @Configuration
    @EnableConfigurationProperties(GatewayHttpProperties.class)
    static class Properties {
    }
}
