package dev.cortexgateway.health;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where the detailed health report may be read (docs/decisions/0018-what-anonymous-callers-see.md).
 * It names the upstream host, the stores' backends, the breakers' and routes' states: operators'
 * information, not the public's. It follows the actuator: while {@code management.server.port} puts
 * the actuator on a port of its own, {@code /api/v1/health?detailed=true} on the public port is
 * refused and the report is {@code /actuator/gatewayhealth} on the management port
 * ({@link DetailedHealthEndpoint}); while the actuator shares the public port (the local profile),
 * both answer there. Liveness ({@code /api/v1/health}) is always public.
 */
@Component("healthExposure")
public final class HealthExposure {

    private final boolean detailsOnPublicPort;

    public HealthExposure(Environment environment) {
        this.detailsOnPublicPort = ManagementPortType.get(environment) == ManagementPortType.SAME;
    }

    public boolean detailsOnPublicPort() {
        return detailsOnPublicPort;
    }

    /** Health route step before the detailed report: 403 while the report lives on the management port. */
    public void requireDetailsOnThisPort() {
        if (!detailsOnPublicPort) {
            throw new GatewayException(ErrorCode.FORBIDDEN, "The detailed health report is not served on this port",
                    "Operators read it on the management port at /actuator/gatewayhealth; /api/v1/health answers liveness",
                    Map.of());
        }
    }
}
