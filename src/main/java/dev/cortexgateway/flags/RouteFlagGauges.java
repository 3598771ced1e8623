package dev.cortexgateway.flags;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Each pipeline's switch as {@code gateway_route_enabled{route}} (1 on, 0 switched off by ops), so an
 * alert on a route's 503s can leave out a route someone switched off on purpose (ROUTE_DISABLED).
 * Registered once the application is ready: the pipelines are the Camel routes, loaded by then.
 */
@Component
final class RouteFlagGauges {

    private final RouteFlags flags;
    private final PipelineRoutes pipelines;
    private final MeterRegistry meters;

    RouteFlagGauges(RouteFlags flags, PipelineRoutes pipelines, MeterRegistry meters) {
        this.flags = flags;
        this.pipelines = pipelines;
        this.meters = meters;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        for (PipelineRoutes.Pipeline pipeline : pipelines.all()) {
            Gauge.builder("gateway.route.enabled", flags, f -> f.enabled(pipeline.id()) ? 1 : 0)
                    .description("1 while the route is switched on (/api/v1/pipelines), 0 while ops switched it off")
                    .tag("route", pipeline.id()).register(meters);
        }
    }
}
