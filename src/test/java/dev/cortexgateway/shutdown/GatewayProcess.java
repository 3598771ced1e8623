package dev.cortexgateway.shutdown;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in its own JVM (local and test profiles, its own H2 data dir, a free port), started
 * from the test's class path: what a rolling restart stops with SIGTERM ({@link Process#destroy()}).
 * Its output goes to target/gateway-processes/, so a failing test can be read afterwards.
 */
final class GatewayProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private GatewayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Logs stay after the test (its data dirs do not): target/gateway-processes/. */
    private static final Path LOGS = Path.of("target", "gateway-processes");

    static GatewayProcess start(Path workDir, String name, String... extraArgs) throws IOException {
        int port = freePort();
        Path dataDir = Files.createDirectories(workDir.resolve(name + "-" + port));
        Path log = Files.createDirectories(LOGS).resolve(name + "-" + port + ".log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // start-up speed matters more than peak speed for a test's short-lived instances
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                "dev.cortexgateway.GatewayApplication",
                "--spring.profiles.active=local,test",
                "--server.port=" + port,
                "--gateway.data-dir=" + dataDir));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new GatewayProcess(process, port, log);
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    /** Waits until {@code /actuator/health/readiness} answers 200, as a load balancer's health check would. */
    GatewayProcess awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway on port " + port + " exited with " + process.exitValue()
                        + "; see " + log);
            }
            try {
                HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("gateway on port " + port + " not ready within " + timeout + "; see " + log);
    }

    /** SIGTERM; the exit code, or null when it did not exit within {@code timeout}. */
    Integer terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    void kill() {
        process.destroyForcibly();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
