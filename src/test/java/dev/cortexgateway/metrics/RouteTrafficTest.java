package dev.cortexgateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.store.ManualTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RouteTrafficTest {

    private final ManualTime time = new ManualTime(Instant.parse("2026-12-01T10:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RouteTraffic traffic = new RouteTraffic(registry, time);

    @Test
    void countsRequestsAndErrorsByKind() {
        traffic.record("tools-call", 200, 5_000_000);
        traffic.record("tools-call", 404, 1_000_000);
        traffic.record("tools-call", 429, 1_000_000);
        traffic.record("tools-call", 503, 1_000_000);
        traffic.record("chat-stream", 200, 1_000_000);

        RouteTraffic.Recent recent = traffic.recent("tools-call");
        assertThat(recent.requests()).isEqualTo(4);
        assertThat(recent.clientErrors()).isEqualTo(2);
        assertThat(recent.serverErrors()).isEqualTo(1);
        assertThat(recent.serverErrorRate()).isEqualTo(0.25);
        assertThat(recent.latencyMs()).containsKeys("p50", "p95", "p99");
        assertThat(traffic.all()).containsOnlyKeys("chat-stream", "tools-call");
        assertThat(registry.find(RouteTraffic.TIMER).tag("route", "tools-call").timer().count()).isEqualTo(4);
        assertThat(registry.find(RouteTraffic.RESPONSES).tags("route", "tools-call", "status", "503").counter().count()).isEqualTo(1);
        assertThat(registry.find(RouteTraffic.RESPONSES).tags("route", "tools-call", "status", "200").counter().count()).isEqualTo(1);
        assertThat(registry.find(RouteTraffic.RESPONSES).tags("route", "chat-stream").counters()).hasSize(1);
    }

    @Test
    void forgetsWhatIsOlderThanTheWindow() {
        traffic.record("tools-call", 200, 1_000_000);
        time.advance(Duration.ofMinutes(3));
        traffic.record("tools-call", 500, 1_000_000);
        assertThat(traffic.recent("tools-call").requests()).isEqualTo(2);

        time.advance(Duration.ofMinutes(2).plusSeconds(10));
        RouteTraffic.Recent recent = traffic.recent("tools-call");
        assertThat(recent.requests()).isEqualTo(1);
        assertThat(recent.serverErrors()).isEqualTo(1);

        time.advance(Duration.ofMinutes(6));
        assertThat(traffic.recent("tools-call").requests()).isZero();
    }

    @Test
    void aSlotReusedAfterAFullTurnStartsFromZero() {
        traffic.record("health", 200, 1_000_000);
        traffic.record("health", 200, 1_000_000);
        time.advance(RouteTraffic.WINDOW);
        traffic.record("health", 200, 1_000_000);
        assertThat(traffic.recent("health").requests()).isEqualTo(1);
    }

    @Test
    void anUnknownRouteHasServedNothing() {
        assertThat(traffic.recent("nope").requests()).isZero();
        assertThat(traffic.recent("nope").serverErrorRate()).isZero();
    }
}
