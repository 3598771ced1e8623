package dev.cortexgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.simulator.SimulatorRuns;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayClient.Answer;
import dev.cortexgateway.testing.GatewayCluster;
import dev.cortexgateway.testing.RequiresPostgres;
import dev.cortexgateway.testing.RequiresRedis;
import dev.cortexgateway.testing.SharedServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three gateways on the machine's PostgreSQL and Redis, as behind a load balancer: a client's limit
 * holds across all of them under 200 concurrent requests, a nonce spent on one is a replay on the
 * others, a flag switched on one is pushed to the others (each also polls, here every 5 s, the
 * longest setting), and a question answered on one is a cache hit on another without an upstream run.
 */
@RequiresPostgres
@RequiresRedis
class SharedStoresAcrossInstancesTest {

    private static final int LIMIT = 50;
    private static final Duration REFILL_PERIOD = Duration.ofHours(1);
    private static final Duration PICKUP = Duration.ofSeconds(5);
    private static final String AGENT_RUN = "agent:run";

    static GatewayCluster cluster;

    @BeforeAll
    static void startThreeInstances() {
        cluster = GatewayCluster.start(3,
                "--gateway.rate-limits.groups.tools.capacity=" + LIMIT,
                "--gateway.rate-limits.groups.tools.refill-tokens=" + LIMIT,
                "--gateway.rate-limits.groups.tools.refill-period=" + REFILL_PERIOD.toMinutes() + "m",
                "--gateway.flags.refresh-interval=5s");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aClientsLimitHoldsAcrossInstancesUnder200ConcurrentRequests() throws Exception {
        // one client (one bucket), logged in on each instance; requests spread round-robin
        List<GatewayClient> clients = List.of(cluster.admin(0), cluster.admin(1), cluster.admin(2));
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            GatewayClient client = clients.get(i % 3);
            calls.add(() -> client.get("/api/v1/tools").status());
        }
        ExecutorService pool = Executors.newFixedThreadPool(48);
        Map<Integer, Integer> statuses = new TreeMap<>();
        long started = System.nanoTime();
        try {
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.merge(status.get(), 1, Integer::sum);
            }
        } finally {
            pool.shutdownNow();
        }
        Duration window = Duration.ofNanos(System.nanoTime() - started);

        // greedy refill: LIMIT tokens per hour come back continuously while the requests run
        long refilled = window.toNanos() * LIMIT / REFILL_PERIOD.toNanos();
        int granted = statuses.getOrDefault(200, 0);
        System.out.printf("limit across 3 instances: %s in %d ms (limit %d, refill in the window %d)%n",
                statuses, window.toMillis(), LIMIT, refilled);
        assertThat(statuses.keySet()).as(statuses.toString()).containsOnly(200, 429);
        assertThat(granted).as(statuses.toString()).isGreaterThanOrEqualTo(LIMIT)
                .isLessThanOrEqualTo((int) Math.floor((LIMIT + refilled) * 1.01));
    }

    @Test
    void aNonceSpentOnOneInstanceIsAReplayOnTheOthers() throws Exception {
        String nonce = UUID.randomUUID().toString();

        assertThat(ClusterHttp.sessionToken(cluster.port(0), nonce).statusCode()).isEqualTo(200);
        for (int i = 1; i < 3; i++) {
            HttpResponse<String> replay = ClusterHttp.sessionToken(cluster.port(i), nonce);
            assertThat(replay.statusCode()).as("instance %d", i).isEqualTo(401);
            assertThat(GatewayClient.JSON.readTree(replay.body()).path("error").path("message").asText())
                    .isEqualTo("This nonce was already used");
        }
    }

    @Test
    void aFlagSwitchedOnOneInstanceIsPushedToTheOthers() throws Exception {
        GatewayClient onA = cluster.admin(0);
        List<GatewayClient> others = List.of(cluster.admin(1), cluster.admin(2));
        String page = "/api/v1/history/" + UUID.randomUUID();
        for (GatewayClient other : others) {
            assertThat(other.get(page).json().path("error").path("code").asText()).isEqualTo("SESSION_NOT_FOUND");
        }
        try {
            assertThat(onA.post("/api/v1/pipelines/history-page/disable", "").status()).isEqualTo(200);
            long switchedAt = System.nanoTime();
            List<Long> pickupMillis = new ArrayList<>();
            for (GatewayClient other : others) {
                pickupMillis.add(millisUntilCode(other, page, "ROUTE_DISABLED", switchedAt));
            }
            System.out.printf("flag pickup on B and C after a switch on A (poll every 5 s, pushed): %s ms%n", pickupMillis);
            // the bound is the behaviour: a change reaches the others by their next poll at the latest
            // (pushed, it usually takes milliseconds)
            assertThat(pickupMillis).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(PICKUP.toMillis()));
        } finally {
            onA.post("/api/v1/pipelines/history-page/enable", "");
        }
        long enabledAt = System.nanoTime();
        for (GatewayClient other : others) {
            assertThat(millisUntilCode(other, page, "SESSION_NOT_FOUND", enabledAt)).isLessThanOrEqualTo(PICKUP.toMillis());
        }
    }

    @Test
    void aQuestionAnsweredOnOneInstanceIsACacheHitOnAnother() throws Exception {
        GatewayClient onA = GatewayClient.login(cluster.port(0), "test-query-service", "query-service-test-secret");
        GatewayClient onB = GatewayClient.login(cluster.port(1), "test-query-service", "query-service-test-secret");
        String question = "What is the refund policy for annual plans? " + UUID.randomUUID();
        long runsBefore = upstreamRuns();

        Answer miss = onA.post("/api/v1/query", query(question));
        assertThat(miss.status()).as(miss.body()).isEqualTo(200);
        assertThat(miss.json().path("metadata").path("cache_status").asText()).isEqualTo("miss");
        assertThat(upstreamRuns()).isEqualTo(runsBefore + 1);

        Answer hit = onB.post("/api/v1/query", query(question));
        assertThat(hit.status()).as(hit.body()).isEqualTo(200);
        assertThat(hit.json().path("metadata").path("cache_status").asText()).isEqualTo("hit");
        assertThat(hit.json().path("response").asText()).isEqualTo(miss.json().path("response").asText());
        assertThat(upstreamRuns()).as("no upstream run on any instance for the hit").isEqualTo(runsBefore + 1);
    }

    /** Agent runs the simulators of all instances started (each instance's upstream is its own simulator). */
    private static long upstreamRuns() {
        long runs = 0;
        for (int i = 0; i < cluster.size(); i++) {
            runs += cluster.instance(i).getBean(SimulatorRuns.class).started(AGENT_RUN);
        }
        return runs;
    }

    private static ObjectNode query(String question) {
        return GatewayClient.JSON.createObjectNode().put("query", question);
    }

    /** Polls every 10 ms until the answer has {@code code}; returns the milliseconds since {@code since}. */
    private static long millisUntilCode(GatewayClient client, String path, String code, long since) {
        await(path + " answers " + code).atMost(PICKUP.multipliedBy(3)).pollInterval(Duration.ofMillis(10))
                .until(() -> code.equals(client.get(path).json().path("error").path("code").asText()));
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }
}
