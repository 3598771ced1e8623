package dev.cortexgateway.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The rotation of {@code PROXY_JWT_SECRET} as docs/runbooks/secret-rotation.md prescribes it, over
 * real HTTP, each step a gateway started with the step's environment variables (the names the
 * runbook gives, bound as the real environment is): a token keeps working on every instance of
 * the rolling restart until the old secret is removed, and stops working after the restart that
 * removes it. The key ring is read at start-up only: a change needs a (rolling) restart.
 */
class JwtSecretRotationHttpTest {

    // test-only values, never a deployment's
    private static final String OLD_SECRET = "rotation-test-old-secret-0123456789abcdef";
    private static final String NEW_SECRET = "rotation-test-new-secret-0123456789abcdef";
    private static final String ADMIN_SECRET = "rotation-test-admin-secret";

    @TempDir
    Path dataDir;

    @Test
    void aTokenOfTheOldSecretWorksThroughTheOverlapAndStopsWhenTheOldSecretIsRemoved() throws Exception {
        // before: one secret, kid k1
        try (ConfigurableApplicationContext before = start("before", Map.of(
                "PROXY_JWT_SECRET", OLD_SECRET, "PROXY_JWT_KEY_ID", "k1"))) {
            String oldToken = GatewayClient.login(port(before), "demo-admin", ADMIN_SECRET).token();

            // step 1, announce: still signing with k1, the new secret accepted as k2
            try (ConfigurableApplicationContext announced = start("announced", Map.of(
                    "PROXY_JWT_SECRET", OLD_SECRET, "PROXY_JWT_KEY_ID", "k1",
                    "GATEWAY_JWT_PREVIOUSKEYS_0_KID", "k2", "GATEWAY_JWT_PREVIOUSKEYS_0_SECRET", NEW_SECRET))) {
                assertValid(announced, oldToken);

                // step 2, switch: signing with k2, the old secret still accepted as k1
                try (ConfigurableApplicationContext switched = start("switched", Map.of(
                        "PROXY_JWT_SECRET", NEW_SECRET, "PROXY_JWT_KEY_ID", "k2",
                        "GATEWAY_JWT_PREVIOUSKEYS_0_KID", "k1", "GATEWAY_JWT_PREVIOUSKEYS_0_SECRET", OLD_SECRET))) {
                    String newToken = GatewayClient.login(port(switched), "demo-admin", ADMIN_SECRET).token();
                    assertValid(switched, oldToken);
                    assertValid(switched, newToken);
                    // mid-rollout, a client's next request may land on a pod not yet switched
                    assertValid(announced, newToken);
                    assertThat(validate(before, newToken).status())
                            .as("skipping step 1 breaks this: a pod without the new secret refuses new tokens")
                            .isEqualTo(401);

                    // step 3, retire (after the longest token lifetime): the old secret removed
                    try (ConfigurableApplicationContext retired = start("retired", Map.of(
                            "PROXY_JWT_SECRET", NEW_SECRET, "PROXY_JWT_KEY_ID", "k2"))) {
                        assertValid(retired, newToken);
                        Answer refused = validate(retired, oldToken);
                        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
                        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("UNAUTHORIZED");
                    }
                }
            }
        }
    }

    private static void assertValid(ConfigurableApplicationContext instance, String token) throws Exception {
        Answer answer = validate(instance, token);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("valid").asBoolean()).isTrue();
    }

    private static Answer validate(ConfigurableApplicationContext instance, String token) throws Exception {
        return GatewayClient.withToken(port(instance), token).get("/api/v1/auth/validate");
    }

    /** A local-profile gateway whose JWT settings come from environment variables, as in a pod. */
    private ConfigurableApplicationContext start(String name, Map<String, String> jwtEnvironment) {
        Map<String, Object> environment = new LinkedHashMap<>(jwtEnvironment);
        environment.put("GATEWAY_DEMO_ADMIN_SECRET", ADMIN_SECRET);
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().addAfter(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                // the "-systemEnvironment" suffix gives it the real environment's relaxed binding
                // (GATEWAY_JWT_PREVIOUSKEYS_0_KID -> gateway.jwt.previous-keys[0].kid)
                new SystemEnvironmentPropertySource("rotation-step-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        environment));
        return new SpringApplicationBuilder(GatewayApplication.class)
                .environment(spring)
                .profiles("local")
                .run("--server.port=0", "--gateway.simulator.port=0",
                        "--gateway.data-dir=" + dataDir.resolve(name).toAbsolutePath());
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
