package dev.cortexgateway.health;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * The detailed health report as an actuator endpoint, {@code GET /actuator/gatewayhealth}: it moves
 * with the rest of the actuator to {@code management.server.port}, off the public port. Same body
 * and statuses as {@code /api/v1/health?detailed=true} (503 when a critical part is down).
 */
@Component
@Endpoint(id = "gatewayhealth")
public final class DetailedHealthEndpoint {

    private final HealthReport health;

    public DetailedHealthEndpoint(HealthReport health) {
        this.health = health;
    }

    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> report() {
        Map<String, Object> report = health.report();
        return new WebEndpointResponse<>(report, HealthReport.unhealthy(report) ? 503 : 200);
    }
}
