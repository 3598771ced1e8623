package dev.cortexgateway.route.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Route files are watched in the local profile only, and only the local profile's settings turn it on. */
class RouteReloadProfilesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(RouteReloadConfiguration.class)
            .withPropertyValues("gateway.routes.reload.enabled=true", "gateway.routes.reload.directory=src/main/resources/routes");

    @Test
    void theLocalProfileWatchesTheRouteFolder() {
        runner.withPropertyValues("spring.profiles.active=local")
                .run(context -> assertThat(context).hasSingleBean(CamelContextConfiguration.class));
    }

    @Test
    void otherProfilesNeverWatchFilesEvenWhenAskedTo() {
        for (String profiles : List.of("snowflake", "cluster", "local-not", "snowflake,cluster")) {
            runner.withPropertyValues("spring.profiles.active=" + profiles)
                    .run(context -> assertThat(context).doesNotHaveBean(CamelContextConfiguration.class));
        }
    }

    @Test
    void onlyTheLocalProfileFileTurnsItOn() throws Exception {
        try (var files = Files.list(Path.of("src/main/resources"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("application")).toList()) {
                boolean turnsItOn = Files.readString(file).contains("reload:");
                assertThat(turnsItOn).as(file.toString()).isEqualTo(file.endsWith("application-local.yaml"));
            }
        }
    }
}
