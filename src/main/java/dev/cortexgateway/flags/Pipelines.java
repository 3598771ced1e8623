package dev.cortexgateway.flags;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.metrics.RouteTraffic;
import dev.cortexgateway.store.FlagStore.Flag;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The steps of routes/pipelines.yaml that show and switch pipelines: every pipeline with its HTTP
 * endpoint, flag (current, configured default, who changed it and when), Camel status and recent
 * traffic on this instance; enable and disable, which are idempotent and answer the new state.
 */
@Component("pipelines")
public final class Pipelines {

    private final PipelineRoutes routes;
    private final RouteFlags flags;
    private final RouteTraffic traffic;
    private final ObjectMapper json;

    public Pipelines(PipelineRoutes routes, RouteFlags flags, RouteTraffic traffic, ObjectMapper json) {
        this.routes = routes;
        this.flags = flags;
        this.traffic = traffic;
        this.json = json;
    }

    /** {@code GET /api/v1/pipelines}. */
    public ObjectNode list(Exchange exchange) {
        ObjectNode answer = json.createObjectNode();
        ArrayNode all = answer.putArray("pipelines");
        routes.all().forEach(p -> all.add(view(p)));
        return answer;
    }

    /** {@code GET /api/v1/pipelines/{pipelineId}}. */
    public ObjectNode get(Exchange exchange) {
        return view(resolve(exchange));
    }

    /** {@code POST /api/v1/pipelines/{pipelineId}/enable}. */
    public ObjectNode enable(Exchange exchange) {
        return set(exchange, true);
    }

    /** {@code POST /api/v1/pipelines/{pipelineId}/disable}: 409 PIPELINE_NOT_SWITCHABLE for the routes ops need. */
    public ObjectNode disable(Exchange exchange) {
        return set(exchange, false);
    }

    private ObjectNode set(Exchange exchange, boolean enabled) {
        PipelineRoutes.Pipeline pipeline = resolve(exchange);
        if (!pipeline.switchable()) {
            throw new GatewayException(ErrorCode.PIPELINE_NOT_SWITCHABLE,
                    "The pipeline '" + pipeline.id() + "' cannot be switched",
                    "The pipelines, auth-token, health and docs routes stay on so that the gateway remains operable",
                    Map.of("pipeline", pipeline.id()));
        }
        VerifiedToken caller = exchange.getProperty(ExchangeKeys.PRINCIPAL, VerifiedToken.class);
        flags.set(pipeline.id(), enabled, caller.clientId());
        return view(pipeline);
    }

    private PipelineRoutes.Pipeline resolve(Exchange exchange) {
        String id = exchange.getIn().getHeader("pipelineId", String.class);
        return routes.find(id).orElseThrow(() -> new GatewayException(ErrorCode.PIPELINE_NOT_FOUND,
                "No pipeline is named '" + id + "'", "GET /api/v1/pipelines lists the pipelines",
                Map.of("pipeline", id == null ? "" : id)));
    }

    private ObjectNode view(PipelineRoutes.Pipeline pipeline) {
        String id = pipeline.id();
        ObjectNode node = json.createObjectNode()
                .put("id", id)
                .put("method", pipeline.method())
                .put("path", pipeline.path())
                .put("enabled", flags.enabled(id))
                .put("default", flags.defaultOf(id))
                .put("switchable", pipeline.switchable());
        Flag change = flags.lastChange(id).orElse(null);
        node.put("changedBy", change == null ? null : change.changedBy());
        node.put("changedAt", change == null ? null : change.changedAt().toString());
        String status = routes.status(id);
        node.put("started", "Started".equals(status));
        node.put("status", status.toLowerCase());
        RouteTraffic.Recent recent = traffic.recent(id);
        node.putObject("recent")
                .put("requests", recent.requests())
                .put("clientErrors", recent.clientErrors())
                .put("serverErrors", recent.serverErrors())
                .put("windowSeconds", RouteTraffic.WINDOW.toSeconds());
        return node;
    }
}
