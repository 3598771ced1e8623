package dev.cortexgateway.testing;

import dev.cortexgateway.GatewayApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several gateway instances in this JVM on random ports, sharing one PostgreSQL schema and one Redis
 * key prefix of their own: the scale-out setup of the cluster profile, with the simulator of the
 * local profile as their upstream. Annotate the test class {@link RequiresPostgres} and
 * {@link RequiresRedis}. {@link #close()} stops them and removes the schema and
 * the keys.
 */
public final class GatewayCluster implements AutoCloseable {

    private final String schema = SharedServices.newSchema();
    private final String redisPrefix = SharedServices.newRedisPrefix();
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    /** Starts {@code count} instances one after the other (the first one migrates the schema). */
    public static GatewayCluster start(int count, String... extraArguments) {
        GatewayCluster cluster = new GatewayCluster();
        try {
            for (int i = 0; i < count; i++) {
                cluster.startInstance(extraArguments);
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts one more instance on the same schema and prefix; returns its index. */
    public int startInstance(String... extraArguments) {
        List<String> args = new ArrayList<>(SharedServices.clusterArguments(schema, redisPrefix));
        args.add("--server.port=0");
        // generous on a loaded 2-core machine: start-up and first commands were seen to miss 1 s / 2 s
        args.add("--gateway.stores.redis.connect-timeout=10s");
        args.add("--gateway.stores.redis.command-timeout=5s");
        args.addAll(List.of(extraArguments));
        instances.add(new SpringApplicationBuilder(GatewayApplication.class)
                .profiles("local", "test")
                .run(args.toArray(String[]::new)));
        return instances.size() - 1;
    }

    public ConfigurableApplicationContext instance(int index) {
        return instances.get(index);
    }

    public int port(int index) {
        return Integer.parseInt(instances.get(index).getEnvironment().getProperty("local.server.port"));
    }

    public int size() {
        return instances.size();
    }

    public String schema() {
        return schema;
    }

    public String redisPrefix() {
        return redisPrefix;
    }

    /** Logs in as the test profile's admin client (all scopes) on instance {@code index}. */
    public GatewayClient admin(int index) throws Exception {
        return GatewayClient.login(port(index), "demo-admin", "demo-admin-test-secret");
    }

    /** Stops instance {@code index} (its port goes away; the others keep serving). */
    public void stop(int index) {
        ConfigurableApplicationContext context = instances.get(index);
        if (context.isActive()) {
            context.close();
        }
    }

    @Override
    public void close() {
        for (ConfigurableApplicationContext context : instances) {
            if (context.isActive()) {
                context.close();
            }
        }
        SharedServices.dropSchema(schema);
        SharedServices.deleteRedisKeys(redisPrefix);
    }
}
