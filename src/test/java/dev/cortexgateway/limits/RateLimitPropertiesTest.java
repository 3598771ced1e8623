package dev.cortexgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A bad group setting fails start-up naming the setting. */
class RateLimitPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                    ValidationAutoConfiguration.class))
            .withUserConfiguration(Properties.class)
            .withPropertyValues("gateway.rate-limits.groups.chat.key=client",
                    "gateway.rate-limits.groups.chat.capacity=10",
                    "gateway.rate-limits.groups.chat.refill-tokens=10",
                    "gateway.rate-limits.groups.chat.refill-period=1m");

    @Test
    void aGoodGroupBindsWithLimitsOnAndForwardedForDistrusted() {
        runner.run(context -> {
            RateLimitProperties properties = context.getBean(RateLimitProperties.class);
            assertThat(properties.enabled()).isTrue();
            assertThat(properties.trustForwardedFor()).isFalse();
            assertThat(properties.groups().get("chat").key()).isEqualTo(RateLimitProperties.Key.CLIENT);
        });
    }

    @Test
    void aZeroCapacityFailsStartUpNamingIt() {
        runner.withPropertyValues("gateway.rate-limits.groups.chat.capacity=0").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("gateway.rate-limits.groups[chat].capacity"));
    }

    @Test
    void anUnknownKeyOrMissingPeriodFailsStartUp() {
        runner.withPropertyValues("gateway.rate-limits.groups.chat.key=session").run(context ->
                assertThat(context).hasFailed());
        runner.withPropertyValues("gateway.rate-limits.groups.jobs.key=client", "gateway.rate-limits.groups.jobs.capacity=1",
                "gateway.rate-limits.groups.jobs.refill-tokens=1").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("refillPeriod"));
    }

    @Test
    void aRefillFasterThanOneTokenPerNanosecondFailsStartUp() {
        runner.withPropertyValues("gateway.rate-limits.groups.chat.refill-tokens=2000000",
                "gateway.rate-limits.groups.chat.refill-period=1ms").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("one token per nanosecond"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RateLimitProperties.class)
    static class Properties {
    }
}
