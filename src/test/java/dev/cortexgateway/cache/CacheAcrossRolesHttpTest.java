package dev.cortexgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.config.InProcessStoreProperties;
import dev.cortexgateway.simulator.SimulatorRuns;
import dev.cortexgateway.store.InProcessResponseCacheStore;
import dev.cortexgateway.store.ResponseCacheStore;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import java.nio.file.Files;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Three gateways in one JVM sharing ONE response cache store, as instances sharing Redis would: two
 * with the Snowflake role ANALYST, one with FINANCE. The same question never crosses roles, and does
 * cross between gateways of the same role (so the sharing itself is real).
 */
class CacheAcrossRolesHttpTest {

    private static final String AGENT_RUN = "agent:run";
    private static ConfigurableApplicationContext analyst;
    private static ConfigurableApplicationContext analystTwin;
    private static ConfigurableApplicationContext finance;

    @BeforeAll
    static void start() throws Exception {
        analyst = gateway("ANALYST");
        finance = gateway("FINANCE");
        analystTwin = gateway("ANALYST");
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {analystTwin, finance, analyst}) {
            if (context != null) {
                context.close();
            }
        }
    }

    @Test
    void anAnswerCachedForOneRoleIsNeverServedToAnother() throws Exception {
        String question = "Which accounts are overdue? " + UUID.randomUUID();

        assertThat(ask(analyst, question)).isEqualTo("miss");
        assertThat(ask(analyst, question)).isEqualTo("hit");
        long financeRuns = runs(finance);
        assertThat(ask(finance, question)).as("another role does not read the analyst's answer").isEqualTo("miss");
        assertThat(runs(finance)).isEqualTo(financeRuns + 1);
        assertThat(ask(finance, question)).isEqualTo("hit");
        assertThat(ask(analystTwin, question)).as("the same role on another gateway shares the entry").isEqualTo("hit");
        assertThat(Shared.store.stats().entries()).isGreaterThanOrEqualTo(2);
    }

    private static String ask(ConfigurableApplicationContext gateway, String question) throws Exception {
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        GatewayClient client = GatewayClient.login(port, "test-query-service", "query-service-test-secret");
        Answer answer = client.post("/api/v1/query", GatewayClient.JSON.createObjectNode().put("query", question));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("metadata").path("cache_status").asText();
    }

    private static long runs(ConfigurableApplicationContext gateway) {
        return gateway.getBean(SimulatorRuns.class).started(AGENT_RUN);
    }

    private static ConfigurableApplicationContext gateway(String role) throws Exception {
        return new SpringApplicationBuilder(GatewayApplication.class, Shared.class)
                .profiles("local", "test")
                .run("--server.port=0", "--gateway.cortex.role=" + role,
                        "--gateway.data-dir=" + Files.createTempDirectory("roles-").toAbsolutePath());
    }

    /**
     * The one store every gateway of this test uses (the stand-in for a shared Redis). Given as a source
     * of each gateway, not annotated, so component scanning of other tests' contexts never finds it.
     */
    static class Shared {

        static ResponseCacheStore store;

        @Bean
        @Primary
        ResponseCacheStore sharedResponseCache(InProcessStoreProperties properties, ObjectProvider<Clock> clock) {
            synchronized (Shared.class) {
                if (store == null) {
                    store = new InProcessResponseCacheStore(properties, clock);
                }
                return store;
            }
        }
    }
}
