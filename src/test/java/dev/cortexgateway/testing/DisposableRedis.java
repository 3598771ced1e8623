package dev.cortexgateway.testing;

import java.io.File;
import java.net.ServerSocket;
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

    private final int port;
    private Process process;

    private DisposableRedis(int port) {
        this.port = port;
    }

    public static DisposableRedis start() throws Exception {
        if (!binaryExists()) {
            throw new IllegalStateException("redis-server is not on the PATH: annotate the test class @RequiresRedisServer");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DisposableRedis redis = new DisposableRedis(port);
        redis.up();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts redis-server on this port and waits until it answers PING. */
    public void up() throws Exception {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"+PONG".equals(SharedServices.redisCommand("127.0.0.1", port, "PING"))) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("the disposable redis-server did not start on port " + port);
            }
            Thread.sleep(50);
        }
    }

    /** Stops it (its data goes with it) and waits until the port refuses. */
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
    }

    static boolean binaryExists() {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(File.pathSeparator)).stream()
                .anyMatch(dir -> new File(dir, "redis-server").canExecute());
    }
}
