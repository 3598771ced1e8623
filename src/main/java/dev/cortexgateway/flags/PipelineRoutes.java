package dev.cortexgateway.flags;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.springframework.stereotype.Component;

/**
 * The pipelines ops can see and switch: the routes clients call over HTTP. Those are the
 * platform-http routes, plus the chat pipelines, which are {@code direct:} routes behind the SSE bridge
 * (chat/ChatStreamController) and are listed with the HTTP path the bridge serves. Internal routes
 * ({@code json-answer}, the tool pipelines) are not pipelines here: clients never call them directly,
 * and tools are switched in the tool registry ({@code enabled} of a registration, {@code gateway.tools.disabled}).
 */
@Component
public final class PipelineRoutes {

    /**
     * The HTTP side of the chat pipelines, which the SSE bridge (not a platform-http consumer) serves,
     * and of the OpenAI-compatible door (openai/OpenAiController).
     */
    private static final Map<String, Endpoint> BRIDGED = Map.of(
            "chat-stream", new Endpoint("POST", "/api/v1/chat"),
            "chat-resume", new Endpoint("GET", "/api/v1/chat/streams/{streamId}"),
            "openai-chat-completions", new Endpoint("POST", "/v1/chat/completions"),
            "openai-models", new Endpoint("GET", "/v1/models"),
            "openai-model", new Endpoint("GET", "/v1/models/{model}"));

    /**
     * Endpoints served by Java rather than a Camel route, switched by the same flags under these ids:
     * the WebSocket {@code /api/v1/ws} (ws/WsConfiguration checks the flag at the handshake and
     * closes open connections when it goes off).
     */
    private static final Map<String, Endpoint> JAVA = Map.of("ws", new Endpoint("GET", "/api/v1/ws"));

    /**
     * Routes that cannot be disabled, or ops lock themselves out: the switches themselves, the token
     * endpoint admins need to reach them, health (probes would restart a healthy instance) and the contract.
     */
    static final Set<String> NOT_SWITCHABLE = Set.of(
            "pipelines-list", "pipelines-get", "pipelines-enable", "pipelines-disable", "pipelines-validate",
            "pipelines-camel-routes",
            "auth-token", "health", "docs-openapi-json", "docs-openapi-yaml", "docs-swagger-ui");

    private final CamelContext camel;

    public PipelineRoutes(CamelContext camel) {
        this.camel = camel;
    }

    /** Every pipeline, by id. */
    public List<Pipeline> all() {
        return java.util.stream.Stream.concat(
                        camel.getRoutes().stream().map(this::pipeline).flatMap(Optional::stream),
                        JAVA.entrySet().stream().map(e -> javaPipeline(e.getKey(), e.getValue())))
                .sorted(Comparator.comparing(Pipeline::id))
                .toList();
    }

    public Optional<Pipeline> find(String routeId) {
        if (routeId == null) {
            return Optional.empty();
        }
        Endpoint java = JAVA.get(routeId);
        if (java != null) {
            return Optional.of(javaPipeline(routeId, java));
        }
        Route route = camel.getRoute(routeId);
        return route == null ? Optional.empty() : pipeline(route);
    }

    public static boolean switchable(String routeId) {
        return !NOT_SWITCHABLE.contains(routeId);
    }

    /** The Camel status of a route ({@code Started}, {@code Stopped}...); Java endpoints are always started. */
    public String status(String routeId) {
        if (JAVA.containsKey(routeId)) {
            return "Started"; // served for as long as the web server runs
        }
        var status = camel.getRouteController().getRouteStatus(routeId);
        return status == null ? "Unknown" : status.name();
    }

    private Optional<Pipeline> pipeline(Route route) {
        String id = route.getRouteId();
        Endpoint bridged = BRIDGED.get(id);
        if (bridged != null) {
            return Optional.of(new Pipeline(id, bridged.method(), bridged.path(), switchable(id)));
        }
        if (route.getEndpoint() instanceof PlatformHttpEndpoint http) {
            String method = http.getHttpMethodRestrict() == null ? "*" : http.getHttpMethodRestrict();
            return Optional.of(new Pipeline(id, method, http.getPath(), switchable(id)));
        }
        return Optional.empty();
    }

    private static Pipeline javaPipeline(String id, Endpoint endpoint) {
        return new Pipeline(id, endpoint.method(), endpoint.path(), switchable(id));
    }

    private record Endpoint(String method, String path) {
    }

    /**
     * @param switchable false for the routes ops must not be able to turn off ({@link #NOT_SWITCHABLE})
     */
    public record Pipeline(String id, String method, String path, boolean switchable) {
    }
}
