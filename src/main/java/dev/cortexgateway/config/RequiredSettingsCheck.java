package dev.cortexgateway.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The settings no start-up can do without: where Snowflake is, how the gateway signs in to it, and
 * the secret its own tokens are signed with (and, once http tools have OAuth providers, the key
 * their users' tokens are encrypted with). Only the {@code local} profile supplies them (its
 * simulator, a PAT for it, a generated secret), so a bare start, such as a container started with
 * no settings, stops here before any bean is made or any port opened, with one message naming
 * every one that is missing. A post-processor, so that it runs before the beans that would each
 * fail on their own setting in whatever order they happen to be created.
 */
@Component
final class RequiredSettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> missing = new ArrayList<>();
        if (blank("gateway.cortex.base-url")) {
            missing.add("GATEWAY_CORTEX_BASE_URL (gateway.cortex.base-url)");
        }
        if (blank("gateway.cortex.auth.type")) {
            missing.add("GATEWAY_CORTEX_AUTH_TYPE (gateway.cortex.auth.type)");
        }
        if (blank("gateway.jwt.secret") && !"true".equalsIgnoreCase(value("gateway.jwt.generate-if-missing"))) {
            missing.add("PROXY_JWT_SECRET (gateway.jwt.secret)");
        }
        if (blank("gateway.tools.oauth.token-key") && !"true".equalsIgnoreCase(value("gateway.tools.oauth.generate-key-if-missing"))
                && hasToolOAuthProviders()) {
            // tokens users grant to http tools are stored encrypted with it
            missing.add("GATEWAY_TOOL_TOKEN_KEY (gateway.tools.oauth.token-key)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String profiles = environment.getActiveProfiles().length == 0 ? "no profile is active"
                : "active profiles: " + String.join(",", Arrays.asList(environment.getActiveProfiles()));
        throw new InvalidSettingException(String.join(", ", missing),
                (missing.size() == 1 ? "is" : "are") + " not set (" + profiles + ")",
                "For a Snowflake account start with --spring.profiles.active=snowflake (SPRING_PROFILES_ACTIVE=snowflake) "
                        + "and set them, with the credentials of the auth type (docs/configuration.md). To try the gateway "
                        + "on one machine with its local Cortex simulator and demo clients, start with "
                        + "--spring.profiles.active=local (never in a deployment).");
    }

    private boolean hasToolOAuthProviders() {
        return Binder.get(environment).bind("gateway.tools.oauth.providers", Bindable.mapOf(String.class, Object.class))
                .map(providers -> !providers.isEmpty()).orElse(false);
    }

    private boolean blank(String name) {
        String value = value(name);
        return value == null || value.isBlank();
    }

    /** The value, or null when it is unset or names an environment variable that is not set. */
    private String value(String name) {
        try {
            return environment.getProperty(name);
        } catch (IllegalArgumentException unresolvablePlaceholder) {
            return null;
        }
    }
}
