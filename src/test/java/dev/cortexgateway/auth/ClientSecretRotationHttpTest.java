package dev.cortexgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A confidential client's secret rotated as docs/runbooks/secret-rotation.md prescribes, over real
 * HTTP with instances sharing one database (as pods share PostgreSQL): while the seed names a
 * {@code previous-secret}, both secrets get tokens on every instance, including one still running
 * the old configuration (the registry is read per request); after the restart that removes it, the
 * old secret is refused.
 */
class ClientSecretRotationHttpTest {

    private static final String CLIENT = "rotating-service";
    // test-only values, never a deployment's
    private static final String OLD_SECRET = "rotation-test-old-client-secret";
    private static final String NEW_SECRET = "rotation-test-new-client-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void theOldSecretWorksWhileItIsThePreviousOneAndIsRefusedOnceRemoved() throws Exception {
        try (ConfigurableApplicationContext before = start(OLD_SECRET, null)) {
            assertThat(tokenStatus(before, OLD_SECRET)).isEqualTo(200);
            assertThat(tokenStatus(before, NEW_SECRET)).isEqualTo(401);

            try (ConfigurableApplicationContext rotating = start(NEW_SECRET, OLD_SECRET)) {
                assertThat(tokenStatus(rotating, NEW_SECRET)).isEqualTo(200);
                assertThat(tokenStatus(rotating, OLD_SECRET)).as("the previous secret during the overlap").isEqualTo(200);
                assertThat(tokenStatus(before, NEW_SECRET))
                        .as("a pod not yet restarted reads the shared registry: the new secret works there too").isEqualTo(200);
                assertThat(tokenStatus(before, OLD_SECRET)).isEqualTo(200);
            }
        }
        try (ConfigurableApplicationContext retired = start(NEW_SECRET, null)) {
            assertThat(tokenStatus(retired, NEW_SECRET)).isEqualTo(200);
            assertThat(tokenStatus(retired, OLD_SECRET)).as("removed at the restart without previous-secret").isEqualTo(401);
        }
    }

    private static int tokenStatus(ConfigurableApplicationContext instance, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((CLIENT + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(instance) + "/api/v1/auth/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** A local-profile gateway on the shared database whose only seeded client is the rotating one. */
    private ConfigurableApplicationContext start(String secret, String previousSecret) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--gateway.simulator.port=0",
                "--gateway.data-dir=" + dataDir.toAbsolutePath(),
                "--gateway.clients.seed[0].id=" + CLIENT, "--gateway.clients.seed[0].kind=CONFIDENTIAL",
                "--gateway.clients.seed[0].scopes=chat", "--gateway.clients.seed[0].secret=" + secret));
        if (previousSecret != null) {
            arguments.add("--gateway.clients.seed[0].previous-secret=" + previousSecret);
        }
        return new SpringApplicationBuilder(GatewayApplication.class).profiles("local").run(arguments.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
