package dev.cortexgateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The machine's PostgreSQL and Redis for the cluster tests. Each test class gets a PostgreSQL schema
 * and a Redis key prefix of its own, so runs on a shared server never meet.
 *
 * <p>Settings: {@code GATEWAY_TEST_POSTGRES_URL} (default {@value #DEFAULT_POSTGRES}),
 * {@code GATEWAY_TEST_POSTGRES_USER} (default {@code postgres}), {@code GATEWAY_TEST_POSTGRES_PASSWORD}
 * (default none), {@code GATEWAY_TEST_REDIS_URL} (default {@value #DEFAULT_REDIS}). A test class
 * says what it needs with {@link RequiresPostgres}, {@link RequiresRedis} or
 * {@link RequiresRedisServer}: a service that does not answer skips the class, unless
 * {@code GATEWAY_REQUIRE_POSTGRES=true} / {@code GATEWAY_REQUIRE_REDIS=true} (as CI sets) make that a
 * failure.
 */
public final class SharedServices {

    public static final String DEFAULT_POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String DEFAULT_REDIS = "redis://127.0.0.1:6379";

    public static final String POSTGRES_URL = setting("GATEWAY_TEST_POSTGRES_URL", DEFAULT_POSTGRES);
    public static final String POSTGRES_USER = setting("GATEWAY_TEST_POSTGRES_USER", "postgres");
    public static final String POSTGRES_PASSWORD = setting("GATEWAY_TEST_POSTGRES_PASSWORD", "");
    public static final String REDIS_URL = setting("GATEWAY_TEST_REDIS_URL", DEFAULT_REDIS);

    private SharedServices() {
    }

    private static volatile Optional<String> postgresProblem;
    private static volatile Optional<String> redisProblem;

    /** Why PostgreSQL cannot be used, or empty when it answers (asked once per JVM). */
    static Optional<String> postgresProblem() {
        if (postgresProblem == null) {
            try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD)) {
                connection.isValid(2);
                postgresProblem = Optional.empty();
            } catch (SQLException e) {
                postgresProblem = Optional.of("PostgreSQL not reachable at " + POSTGRES_URL + " as " + POSTGRES_USER
                        + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        return postgresProblem;
    }

    /** Why Redis cannot be used, or empty when it answers PING (asked once per JVM). */
    static Optional<String> redisProblem() {
        if (redisProblem == null) {
            URI uri = URI.create(REDIS_URL);
            redisProblem = "+PONG".equals(redisCommand(uri.getHost(), uri.getPort(), "PING"))
                    ? Optional.empty() : Optional.of("Redis not reachable at " + REDIS_URL + " (no PONG)");
        }
        return redisProblem;
    }

    /** Why a test cannot start a Redis of its own, or empty when {@code redis-server} is on the PATH. */
    static Optional<String> redisServerProblem() {
        return DisposableRedis.binaryExists() ? Optional.empty()
                : Optional.of("redis-server is not on the PATH: the outage test needs a Redis it can stop");
    }

    /** Whether {@code variable=true} makes a missing service a failure (CI sets it). */
    static boolean required(String variable) {
        return "true".equalsIgnoreCase(setting(variable, ""));
    }

    /** A new, empty schema name; Flyway creates it when the gateway starts with {@link #clusterArguments}. */
    public static String newSchema() {
        return "gw_test_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A new Redis key prefix, e.g. {@code cgtest-1a2b3c4d:}. */
    public static String newRedisPrefix() {
        return "cgtest-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /**
     * Command-line arguments that put a gateway on the cluster profile's stores: PostgreSQL in
     * {@code schema}, Redis under {@code redisPrefix}. Start it with profiles local, test and cluster.
     */
    public static List<String> clusterArguments(String schema, String redisPrefix) {
        List<String> args = new ArrayList<>();
        args.add("--spring.datasource.url=" + POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        args.add("--spring.datasource.username=" + POSTGRES_USER);
        args.add("--spring.datasource.password=" + POSTGRES_PASSWORD);
        args.add("--spring.flyway.schemas=" + schema);
        args.add("--spring.flyway.default-schema=" + schema);
        args.add("--gateway.stores.backend=redis");
        args.add("--gateway.stores.redis.url=" + REDIS_URL);
        args.add("--gateway.stores.redis.key-prefix=" + redisPrefix);
        return args;
    }

    /** Drops a schema made for a test (and everything in it). */
    public static void dropSchema(String schema) {
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            // the server went away: nothing left to clean
        }
    }

    /** Deletes every key under {@code prefix} (tests use their own prefixes). */
    public static void deleteRedisKeys(String prefix) {
        URI uri = URI.create(REDIS_URL);
        redisCommand(uri.getHost(), uri.getPort(), "EVAL",
                "for _,k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 0", "0", prefix + "*");
    }

    /**
     * One RESP command on a fresh socket; returns the first reply line ({@code null} when Redis does
     * not answer). Enough for PING and housekeeping without a client library in the test's way.
     */
    public static String redisCommand(String host, int port, String... parts) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(2000);
            StringBuilder command = new StringBuilder("*").append(parts.length).append("\r\n");
            for (String part : parts) {
                command.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(command.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        } catch (IOException e) {
            return null;
        }
    }

    static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
