package dev.cortexgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.sse.SseHeartbeats;
import dev.cortexgateway.sse.SseProperties;
import dev.cortexgateway.sse.SseStreams;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;

/** The bench probe must not exist in a normal deployment. */
class SseProbeControllerTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Streams.class, SseProbeController.class);

    @Test
    void absentByDefault() {
        context.run(app -> assertThat(app).hasNotFailed().doesNotHaveBean(SseProbeController.class));
    }

    @Test
    void absentUnlessExactlyTrue() {
        context.withPropertyValues("gateway.bench.sse-probe=false")
                .run(app -> assertThat(app).doesNotHaveBean(SseProbeController.class));
        context.withPropertyValues("gateway.bench.sse-probe=yes")
                .run(app -> assertThat(app).doesNotHaveBean(SseProbeController.class));
    }

    @Test
    void presentWhenEnabled() {
        context.withPropertyValues("gateway.bench.sse-probe=true")
                .run(app -> assertThat(app).hasSingleBean(SseProbeController.class));
    }

    @EnableConfigurationProperties(SseProperties.class)
    static class Streams {
        @Bean
        ObjectMapper objectMapper() {
            return new ObjectMapper();
        }

        @Bean
        SseHeartbeats sseHeartbeats(SseProperties properties) {
            return new SseHeartbeats(properties);
        }

        @Bean
        SseStreams sseStreams(SseProperties properties, SseHeartbeats heartbeats, ObjectMapper json) {
            return new SseStreams(properties, heartbeats, json);
        }
    }
}
