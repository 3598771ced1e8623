package dev.cortexgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.InvalidSettingException;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A route naming a group that is not configured stops start-up, naming the setting. */
class RateLimitGroupsCheckTest {

    @Test
    void everyStepGroupMustBeConfigured() throws Exception {
        try (CamelContext camel = routes("take(*, 'chat')", "take(*, 'chta')")) {
            assertThat(RateLimitGroupsCheck.referencedGroups(camel)).containsOnlyKeys("chat", "chta");
            assertThatThrownBy(() -> RateLimitGroupsCheck.verify(camel, Set.of("chat")))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("gateway.rate-limits.groups.chta").hasMessageContaining("r1");
            RateLimitGroupsCheck.verify(camel, Set.of("chat", "chta"));
        }
    }

    @Test
    void aStepThatIsNotATakeIsRefused() throws Exception {
        try (CamelContext camel = routes("take")) {
            assertThatThrownBy(() -> RateLimitGroupsCheck.verify(camel, Set.of("chat")))
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining("route r0");
        }
    }

    private static CamelContext routes(String... methods) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (int i = 0; i < methods.length; i++) {
                    from("direct:r" + i).routeId("r" + i).bean("rateLimits", methods[i]).log("after");
                }
            }
        });
        return camel;
    }
}
