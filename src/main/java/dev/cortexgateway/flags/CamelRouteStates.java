package dev.cortexgateway.flags;

import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.actuate.endpoint.CamelRoutesEndpoint;
import org.apache.camel.spring.boot.actuate.endpoint.CamelRoutesEndpointProperties;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/pipelines/camel-routes}: Camel's own read-only view of every route (id, group,
 * status, uptime), as camel-spring-boot's {@code camelroutes} actuator endpoint reads it. Served here,
 * behind the admin scope, rather than as that actuator endpoint: the actuator has no authentication
 * and shares the public port in the local profile. Read only: the endpoint's write actions are never
 * called.
 */
@Component("camelRouteStates")
public final class CamelRouteStates {

    private final CamelRoutesEndpoint camelRoutes;

    public CamelRouteStates(CamelContext camel) {
        CamelRoutesEndpointProperties readOnly = new CamelRoutesEndpointProperties();
        readOnly.setReadOnly(true);
        this.camelRoutes = new CamelRoutesEndpoint(camel, readOnly);
    }

    public Map<String, List<CamelRoutesEndpoint.RouteEndpointInfo>> list() {
        return Map.of("routes", camelRoutes.readRoutes());
    }
}
