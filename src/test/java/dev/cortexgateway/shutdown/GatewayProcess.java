package dev.cortexgateway.shutdown;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway in its own JVM (local and test profiles, its own H2 data dir, a port its web server
 * picks itself: {@code --server.port=0}, read back from its log), started from the test's class path: what a rolling restart stops with SIGTERM ({@link Process#destroy()}).
 * Its output goes to target/gateway-processes/, so a failing test can be read afterwards.
 */
final class GatewayProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Spring Boot's line once the web server listens (the JSON log carries it in its message). */
    private static final Pattern STARTED_ON = Pattern.compile("Tomcat started on port (\\d+)");
    // the local profile's Cortex simulator has a Tomcat of its own, which starts first and logs the same line
    private static final Pattern SIMULATOR_ON = Pattern.compile("Cortex simulator listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private volatile int port;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Logs stay after the test (its data dirs do not): target/gateway-processes/. */
    private static final Path LOGS = Path.of("target", "gateway-processes");

    static GatewayProcess start(Path workDir, String name, String... extraArgs) throws IOException {
        String instance = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path dataDir = Files.createDirectories(workDir.resolve(instance));
        Path log = Files.createDirectories(LOGS).resolve(instance + ".log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // start-up speed matters more than peak speed for a test's short-lived instances
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                "dev.cortexgateway.GatewayApplication",
                "--spring.profiles.active=local,test",
                // a port picked and then handed over can be taken in between; port 0 cannot
                "--server.port=0",
                "--gateway.data-dir=" + dataDir));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new GatewayProcess(process, log);
    }

    /** The port it listens on; known once {@link #awaitReady} has returned. */
    int port() {
        if (port == 0) {
            throw new IllegalStateException("not listening yet: call awaitReady first; see " + log);
        }
        return port;
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    /**
     * Waits until its log names the port it listens on, then until {@code /actuator/health/readiness}
     * answers 200 there, as a load balancer's health check would.
     */
    GatewayProcess awaitReady(Duration timeout) {
        await("gateway listening; see " + log).atMost(timeout).until(() -> {
            failIfExited();
            String output = output();
            Matcher simulator = SIMULATOR_ON.matcher(output);
            if (!simulator.find()) {
                return false;
            }
            Matcher started = STARTED_ON.matcher(output);
            while (started.find()) {
                if (!started.group(1).equals(simulator.group(1))) {
                    port = Integer.parseInt(started.group(1));
                }
            }
            return port != 0;
        });
        await("gateway on port " + port + " ready; see " + log).atMost(timeout).until(() -> {
            failIfExited();
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        return this;
    }

    private void failIfExited() {
        if (!process.isAlive()) {
            throw new IllegalStateException("gateway exited with " + process.exitValue() + "; see " + log);
        }
    }

    private String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM; the exit code, or null when it did not exit within {@code timeout}. */
    Integer terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    void kill() {
        process.destroyForcibly();
    }
}
