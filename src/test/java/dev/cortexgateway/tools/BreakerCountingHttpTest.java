package dev.cortexgateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.TcpProxy;
import dev.cortexgateway.upstream.UpstreamBreakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What counts against the shared circuit breakers, over real HTTP with the production breaker
 * settings (the test profile relaxes minimum-calls; this context puts them back): callers' mistakes
 * (bad SQL, an http tool's upstream answering 4xx, Cortex answering 400) never open a breaker, while
 * real upstream failures (the warehouse unreachable, an upstream answering 5xx) do. The warehouse
 * is an H2 server reached through a {@link TcpProxy}, so an outage is a cut connection, not a mock.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "gateway.upstreams.warehouse.circuit-breaker.minimum-calls=10",
                "gateway.upstreams.warehouse.circuit-breaker.sliding-window=20",
                "gateway.upstreams.http.circuit-breaker.minimum-calls=10",
                "gateway.upstreams.http.circuit-breaker.sliding-window=20",
                "gateway.upstreams.cortex.circuit-breaker.minimum-calls=10",
                "gateway.upstreams.cortex.circuit-breaker.sliding-window=20",
                // a query must not wait 5 s for a connection the proxy will never give
                "gateway.warehouse.connection-timeout=500ms"})
@ActiveProfiles({"local", "test"})
class BreakerCountingHttpTest {

    private static final int MINIMUM_CALLS = 10;
    private static final Server H2;
    private static final TcpProxy PROXY;

    static {
        try {
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            H2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
            PROXY = new TcpProxy("127.0.0.1", port);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void warehouse(DynamicPropertyRegistry registry) {
        registry.add("gateway.warehouse.url", () -> "jdbc:h2:tcp://127.0.0.1:" + PROXY.port() + "/mem:breaker_"
                + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    }

    @AfterAll
    static void stopWarehouse() {
        PROXY.close();
        H2.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    UpstreamBreakers breakers;

    private GatewayClient tools;
    private GatewayClient admin;

    @BeforeEach
    void setUp() throws Exception {
        PROXY.restore();
        breakers.breaker("warehouse").reset();
        breakers.breaker("http").reset();
        breakers.breaker("cortex").reset();
        tools = GatewayClient.login(port, "test-tools-service", "tools-service-test-secret");
        admin = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
    }

    @Test
    void badSqlIsTheCallersAndNeverOpensTheWarehouseBreaker() throws Exception {
        String[] mistakes = {"SELECT NO_SUCH_FUNCTION_X(1)", "SELECT * FROM no_such_table", "SELECT no_such_column FROM orders",
                "SELECT CAST(region AS INT) FROM orders", "SELECT 1 / 0", "SELECT (SELECT order_id FROM orders)"};
        for (int i = 0; i < 4 * MINIMUM_CALLS; i++) {
            GatewayClient.Answer answer = sql(mistakes[i % mistakes.length]);
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.json().at("/error/code").asText()).isEqualTo("SQL_REJECTED");
            assertThat(answer.json().at("/error/retryable").asBoolean()).isFalse();
        }
        CircuitBreaker warehouse = breakers.breaker("warehouse");
        assertThat(warehouse.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(warehouse.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(sql("SELECT COUNT(*) FROM orders").status()).isEqualTo(200);
    }

    @Test
    void anUnreachableWarehouseOpensItsBreaker() throws Exception {
        assertThat(sql("SELECT COUNT(*) FROM orders").status()).isEqualTo(200);
        // counted from the outage on: with the good call above, fewer failures would already open it
        breakers.breaker("warehouse").reset();
        PROXY.cut();
        for (int i = 0; i < MINIMUM_CALLS; i++) {
            GatewayClient.Answer failed = sql("SELECT COUNT(*) FROM orders");
            assertThat(failed.status()).as(failed.body()).isEqualTo(424);
            assertThat(failed.json().at("/error/retryable").asBoolean()).isTrue();
        }
        assertThat(breakers.breaker("warehouse").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        GatewayClient.Answer refused = sql("SELECT COUNT(*) FROM orders");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("CIRCUIT_OPEN");
        // one upstream's outage leaves the others' breakers alone
        assertThat(breakers.states().get("http")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void anHttpToolsUpstreamAnswering4xxDoesNotOpenTheBreakerBut5xxDoes() throws Exception {
        register("breaker_not_found", "http://127.0.0.1:" + port + "/api/v1/no-such-route/{x}");
        for (int i = 0; i < 3 * MINIMUM_CALLS; i++) {
            GatewayClient.Answer answer = tools.post("/api/v1/tools/breaker_not_found", Map.of("x", "item-" + i));
            assertThat(answer.status()).as(answer.body()).isEqualTo(424);
            assertThat(answer.json().at("/error/details/upstreamStatus").asInt()).as(answer.body()).isEqualTo(404);
        }
        assertThat(breakers.breaker("http").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.breaker("http").getMetrics().getNumberOfFailedCalls()).isZero();

        // the test routes' failure fixture answers 500
        register("breaker_failing", "http://127.0.0.1:" + port + "/api/v1/fixtures/failure");
        for (int i = 0; i < MINIMUM_CALLS; i++) {
            GatewayClient.Answer answer = tools.post("/api/v1/tools/breaker_failing", Map.of());
            assertThat(answer.status()).as(answer.body()).isEqualTo(424);
            assertThat(answer.json().at("/error/details/upstreamStatus").asInt()).isEqualTo(500);
        }
        assertThat(breakers.breaker("http").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        GatewayClient.Answer refused = tools.post("/api/v1/tools/breaker_not_found", Map.of("x", "y"));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("CIRCUIT_OPEN");
    }

    @Test
    void cortexAnswering400ForTheCallersArgumentsDoesNotOpenTheCortexBreaker() throws Exception {
        for (int i = 0; i < 3 * MINIMUM_CALLS; i++) {
            GatewayClient.Answer answer = tools.post("/api/v1/tools/cortex_search",
                    Map.of("query", "[[sim:status code=400]] travel policy"));
            assertThat(answer.status()).as(answer.body()).isEqualTo(424);
            assertThat(answer.json().at("/error/details/upstreamStatus").asInt()).isEqualTo(400);
        }
        assertThat(breakers.breaker("cortex").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.breaker("cortex").getMetrics().getNumberOfFailedCalls()).isZero();
        for (int i = 0; i < MINIMUM_CALLS; i++) {
            assertThat(tools.post("/api/v1/tools/cortex_search", Map.of("query", "[[sim:status code=503]] travel policy")).status())
                    .isEqualTo(424);
        }
        assertThat(breakers.breaker("cortex").getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    private GatewayClient.Answer sql(String statement) throws Exception {
        return tools.post("/api/v1/tools/sql_exec", Map.of("sql", statement, "sessionId", UUID.randomUUID().toString()));
    }

    private void register(String name, String url) throws Exception {
        Map<String, Object> definition = url.contains("{x}")
                ? Map.of("name", name, "kind", "http", "description", "breaker test", "url", url,
                        "parameters", Map.of("x", Map.of("type", "string")))
                : Map.of("name", name, "kind", "http", "description", "breaker test", "url", url);
        GatewayClient.Answer registered = admin.post("/api/v1/tools", definition);
        // each test registers its own name once: a new tool, 201 (200 would mean it replaced one)
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    }
}
