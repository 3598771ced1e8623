package dev.cortexgateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayEventsTest {

    private final GatewayEvents events = new GatewayEvents();

    @Test
    void subscribersOfAChannelGetItsEventsUntilTheyClose() throws Exception {
        List<GatewayEvents.Event> jobs = new ArrayList<>();
        List<GatewayEvents.Event> queries = new ArrayList<>();
        AutoCloseable jobSubscription = events.subscribe(GatewayEvents.JOB_UPDATES, jobs::add);
        events.subscribe(GatewayEvents.QUERY_UPDATES, queries::add);

        events.publish(GatewayEvents.JOB_UPDATES, "job_progress", "demo-web", Map.of("jobId", "j1", "status", "running"));
        jobSubscription.close();
        events.publish(GatewayEvents.JOB_UPDATES, "job_progress", "demo-web", Map.of("jobId", "j1", "status", "succeeded"));

        assertThat(jobs).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("job_progress");
            assertThat(e.owner()).isEqualTo("demo-web");
            assertThat(e.payload()).containsEntry("status", "running");
        });
        assertThat(queries).isEmpty();
        assertThat(events.subscriberCount(GatewayEvents.JOB_UPDATES)).isZero();
    }

    @Test
    void aFailingSubscriberDoesNotStopThePublisherOrTheOthers() {
        List<GatewayEvents.Event> seen = new ArrayList<>();
        events.subscribe(GatewayEvents.SYSTEM_EVENTS, e -> {
            throw new IllegalStateException("boom");
        });
        events.subscribe(GatewayEvents.SYSTEM_EVENTS, seen::add);
        events.publish(GatewayEvents.SYSTEM_EVENTS, "system_event", null, Map.of("event", "cache_hit_rate_low"));
        assertThat(seen).hasSize(1);
    }

    @Test
    void unknownChannelsAreRefused() {
        assertThatThrownBy(() -> events.publish("nope", "x", null, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> events.subscribe("nope", e -> { })).isInstanceOf(IllegalArgumentException.class);
    }
}
