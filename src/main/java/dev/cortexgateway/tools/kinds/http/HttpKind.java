package dev.cortexgateway.tools.kinds.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.tools.ToolProperties;
import dev.cortexgateway.tools.kinds.ToolKind;
import dev.cortexgateway.tools.kinds.ToolRoute;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code http}: one call to an allow-listed URL template ({@link HttpTool}: no redirects, capped
 * answer, no path escapes); a tool with an oauth provider sends the end user's token to its own
 * origin. Route: routes/tools/http.yaml.
 */
@Component
@Order(2)
public final class HttpKind implements ToolKind {

    public static final String NAME = "http";

    private final HttpTool tool;
    private final ToolProperties properties;

    public HttpKind(HttpTool tool, ToolProperties properties) {
        this.tool = tool;
        this.properties = properties;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean registrable() {
        return true;
    }

    @Override
    public List<Map<String, String>> validateDefinition(JsonNode definition, Set<String> declared) {
        return tool.validateDefinition(definition);
    }

    @Override
    public Map<String, String> definitionHints() {
        return Map.of(
                "/url", "Use an http(s) URL whose scheme, host and port are in gateway.tools.http.allowed-hosts, with {name} placeholders only in its path and query",
                "/oauth", "Name a provider of gateway.tools.oauth.providers and only scopes it offers (http tools only)");
    }

    @Override
    public OptionalLong maxResultBytes() {
        return OptionalLong.of(properties.http().maxResponseBytes());
    }

    @Override
    public String provider() {
        return "http";
    }

    @Override
    public boolean actsForEndUser() {
        return true;
    }

    @Override
    public ToolRoute route() {
        return ToolRoute.calling("http", "direct:tool-kind-http-dispatch").withPrepare("direct:tool-kind-http-prepare");
    }
}
