package dev.cortexgateway.limits;

import dev.cortexgateway.config.InvalidSettingException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Fails start-up when a route's limit step names a group that is not configured, so a typo in a
 * route file stops the gateway instead of surfacing as 500s on one endpoint (the step refuses an
 * unknown group too, for routes added later at runtime).
 */
@Component
final class RateLimitGroupsCheck {

    private static final Pattern TAKE = Pattern.compile("take\\s*\\(\\s*\\*\\s*,\\s*'([^']*)'\\s*\\)");

    private final CamelContext camel;
    private final RateLimitProperties properties;

    RateLimitGroupsCheck(CamelContext camel, RateLimitProperties properties) {
        this.camel = camel;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void verify() {
        verify(camel, properties.groups().keySet());
    }

    /** Every group named by a {@code rateLimits} step of {@code camel}'s routes, with the routes naming it. */
    static Map<String, Set<String>> referencedGroups(CamelContext camel) {
        Map<String, Set<String>> groups = new TreeMap<>();
        for (RouteDefinition route : camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            for (BeanDefinition bean : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), BeanDefinition.class)) {
                if ("rateLimits".equals(bean.getRef())) {
                    Matcher take = bean.getMethod() == null ? null : TAKE.matcher(bean.getMethod());
                    if (take == null || !take.matches()) {
                        throw new InvalidSettingException("route " + route.getRouteId(),
                                "its rateLimits step calls '" + bean.getMethod() + "'",
                                "Write the step as bean: {ref: rateLimits, method: \"take(*, '<group>')\"}");
                    }
                    groups.computeIfAbsent(take.group(1), g -> new TreeSet<>()).add(route.getRouteId());
                }
            }
        }
        return groups;
    }

    static void verify(CamelContext camel, Set<String> configured) {
        referencedGroups(camel).forEach((group, routes) -> {
            if (!configured.contains(group)) {
                throw new InvalidSettingException("gateway.rate-limits.groups." + group,
                        "routes " + routes + " limit with this group, which is not configured",
                        "Add the group (key, capacity, refill-tokens, refill-period) or fix the name in the route");
            }
        });
    }
}
