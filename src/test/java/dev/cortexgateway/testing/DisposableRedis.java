package dev.cortexgateway.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis of the test's own on a free port, without persistence, that the test may stop and start
 * again on the same port: outages are tried on it, never on the machine's shared Redis. Needs the
 * {@code redis-server} binary: a test class using it is annotated {@link RequiresRedisServer}, which
 * skips it without the binary (fails it when GATEWAY_REQUIRE_REDIS=true).
 */
public final class DisposableRedis implements AutoCloseable {

    /** Ports tried before giving up: each is lost only when another process takes it in between. */
    private static final int ATTEMPTS = 5;
    private static final Duration START_WITHIN = Duration.ofSeconds(20);

    private final int port;
    private final Path log;
    private Process process;

    private DisposableRedis(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    /**
     * redis-server cannot be given port 0 and report the port it got ({@code --port 0} turns TCP
     * off), so the port is picked free and then handed over, and another process can take it in
     * between: when redis-server says its port is in use, start again on another one.
     */
    public static DisposableRedis start() throws Exception {
        if (!binaryExists()) {
            throw new IllegalStateException("redis-server is not on the PATH: annotate the test class @RequiresRedisServer");
        }
        for (int attempt = 1; ; attempt++) {
            DisposableRedis redis = new DisposableRedis(freePort(), Files.createTempFile("disposable-redis", ".log"));
            if (redis.tryUp()) {
                return redis;
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("redis-server found its port taken " + ATTEMPTS + " times; last: " + redis.output());
            }
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts redis-server again on its port (after {@link #down()}) and waits until it is ready. */
    public void up() throws Exception {
        if (!tryUp()) {
            throw new IllegalStateException("port " + port + " was taken while this Redis was down: " + output());
        }
    }

    /** True once redis-server says it accepts connections; false when its port is in use. */
    private boolean tryUp() throws IOException {
        Files.writeString(log, "");
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // its own words, not a PING: a PING could be answered by whoever holds the port
        await("redis-server on port " + port + " ready or gone").atMost(START_WITHIN)
                .until(() -> !process.isAlive() || output().contains("Ready to accept connections"));
        if (process.isAlive()) {
            return true;
        }
        if (output().contains("Address already in use")) {
            return false;
        }
        throw new IllegalStateException("the disposable redis-server did not start on port " + port + ": " + output());
    }

    /** Stops it (its data goes with it) and waits until the process is gone. */
    public void down() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            down();
        }
        Files.deleteIfExists(log);
    }

    private String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static boolean binaryExists() {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(File.pathSeparator)).stream()
                .anyMatch(dir -> new File(dir, "redis-server").canExecute());
    }
}
