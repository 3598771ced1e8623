package dev.cortexgateway.shutdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.Pacing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart of three gateway JVMs under steady non-stream load, through a load balancer
 * that retries only requests no instance answered ({@link RetryingBalancer}). Each instance in
 * turn: its replacement starts (a surge of one), an SSE chat stream is opened on it, it gets SIGTERM,
 * it must tell the stream to reconnect, exit by itself (143: the JVM's status for SIGTERM after its
 * shutdown hooks ran) within the drain timeout plus a margin, and the replacement joins the
 * balancer once its readiness answers 200. Every request must get its
 * 200. Instances keep their own H2 data; tokens are checked statelessly with the test profile's key.
 */
class RollingRestartTest {

    private static final int INSTANCES = 3;
    private static final int LOAD_THREADS = 4;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
    /** The drain, the web server's graceful stop and Camel's stop, on a busy machine. */
    private static final Duration EXIT_WITHIN = DRAIN_TIMEOUT.plusSeconds(20);
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    /** Pause between one thread's requests: steady load that leaves the 2-core CI machine room to start JVMs. */
    private static final Duration THINK = Duration.ofMillis(10);
    private static final String STREAMED_QUESTION = "[[sim:long events=30]] [[sim:slow delayMs=100]] How many orders are there?";

    @TempDir
    Path workDir;

    private final List<GatewayProcess> running = new ArrayList<>();
    private final ExecutorService load = Executors.newFixedThreadPool(LOAD_THREADS);

    @AfterEach
    void stopEverything() {
        load.shutdownNow();
        running.forEach(GatewayProcess::kill);
    }

    @Test
    void aRollingRestartUnderLoadLosesNoRequest() throws Exception {
        List<GatewayProcess> first = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            first.add(start(i));
        }
        running.addAll(first);
        RetryingBalancer balancer = new RetryingBalancer();
        for (GatewayProcess instance : first) {
            instance.awaitReady(READY_WITHIN);
            balancer.add(instance.port());
        }
        String token = GatewayClient.login(running.get(0).port(), "demo-admin", "demo-admin-test-secret").token();

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < LOAD_THREADS; t++) {
            workers.add(load.submit(() -> {
                while (loading.get()) {
                    RetryingBalancer.Result result = balancer.get("/api/v1/tools", token);
                    if (result.status() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failures.add(result.port() + " -> " + result.status() + " " + result.body());
                    }
                    Pacing.pause(THINK);
                }
                return null;
            }));
        }

        for (int i = 0; i < INSTANCES; i++) {
            GatewayProcess old = first.get(i);
            // surge of one, as a Deployment's rolling update does: the replacement starts while the old one drains
            GatewayProcess fresh = start(i);
            running.add(fresh);
            long okBefore = ok.get();
            ChatStreamReader stream = ChatStreamReader.chat(old.port(), token, STREAMED_QUESTION);
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.next(Duration.ofSeconds(30))).isNotEqualTo(ChatStreamReader.END);

            long stopping = System.nanoTime();
            Integer exit = old.terminate(EXIT_WITHIN);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
            assertThat(exit).as("exit status of %s after SIGTERM (null: still running after %s)", old.log(), EXIT_WITHIN)
                    .isEqualTo(143);
            assertThat(reconnectBeforeEnd(stream)).as("the stream on the stopped instance was told to reconnect").isTrue();
            balancer.remove(old.port());
            System.out.printf("instance %d stopped in %d ms; requests answered meanwhile: %d%n", i, stopMillis,
                    ok.get() - okBefore);

            // a real balancer sends nothing to an instance its readiness check has not passed
            fresh.awaitReady(READY_WITHIN);
            balancer.add(fresh.port());
        }
        // some load on the new instances too: a round of answers from each
        long okAfterRestart = ok.get();
        await("answers from the new instances").atMost(Duration.ofSeconds(60))
                .until(() -> ok.get() >= okAfterRestart + (long) INSTANCES * LOAD_THREADS);
        loading.set(false);
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }

        System.out.printf("rolling restart: %d requests answered 200, %d retried on another instance, %d failed%n",
                ok.get(), balancer.retries.get(), failures.size());
        assertThat(failures).as("requests that did not get their 200").isEmpty();
        assertThat(ok.get()).isGreaterThan(100);
    }

    private GatewayProcess start(int i) throws Exception {
        return GatewayProcess.start(workDir, "gateway-" + i, "--gateway.shutdown.drain-timeout=" + DRAIN_TIMEOUT.toSeconds() + "s");
    }

    private static boolean reconnectBeforeEnd(ChatStreamReader stream) throws InterruptedException {
        while (true) {
            ChatStreamReader.Event event = stream.next(Duration.ofSeconds(30));
            if (event == null || event == ChatStreamReader.END) {
                return false;
            }
            if ("reconnect".equals(event.name())) {
                return stream.next(Duration.ofSeconds(30)) == ChatStreamReader.END;
            }
        }
    }
}
