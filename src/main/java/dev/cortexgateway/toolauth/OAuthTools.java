package dev.cortexgateway.toolauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.tools.Tool;
import dev.cortexgateway.tools.ToolCatalog;
import dev.cortexgateway.tools.kinds.ToolKind;
import dev.cortexgateway.tools.kinds.ToolKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which tools act for an end user: {@code http} tools whose definition has an {@code oauth} block
 * ({@code {provider, scopes}}), naming a provider of {@code gateway.tools.oauth.providers}. The
 * provider's URLs and credentials stay in configuration; a definition only names it.
 */
@Component
public final class OAuthTools {

    /** A tool's OAuth needs: its provider (by name and settings) and the scopes it may ask for. */
    public record Binding(String toolName, String providerName, ToolOAuthProperties.Provider provider, List<String> scopes) {
    }

    private final ToolCatalog catalog;
    private final ToolOAuthProperties properties;
    private final ToolKinds kinds;

    public OAuthTools(ToolCatalog catalog, ToolOAuthProperties properties, ToolKinds kinds) {
        this.kinds = kinds;
        this.catalog = catalog;
        this.properties = properties;
    }

    /** The tool by name (404 TOOL_NOT_FOUND). */
    public Tool tool(String name) {
        return catalog.find(name).orElseThrow(() -> new GatewayException(ErrorCode.TOOL_NOT_FOUND,
                "No tool is named '" + name + "'", "GET /api/v1/tools lists the tools", Map.of("tool", String.valueOf(name))));
    }

    /** The tool's binding, or 400 TOOL_OAUTH_NOT_SUPPORTED when it does not act for an end user. */
    public Binding require(Tool tool) {
        return binding(tool).orElseThrow(() -> new GatewayException(ErrorCode.TOOL_OAUTH_NOT_SUPPORTED,
                "The tool '" + tool.name() + "' does not use an end user's OAuth authorization",
                "Call it without authorizing; only http tools registered with an oauth provider need an authorization",
                Map.of("tool", tool.name())));
    }

    /** Empty for tools without an {@code oauth} block, or whose provider is no longer configured. */
    public Optional<Binding> binding(Tool tool) {
        JsonNode oauth = tool.definition() == null ? null : tool.definition().get("oauth");
        if (!kinds.find(tool.kind()).map(ToolKind::actsForEndUser).orElse(false) || oauth == null || !oauth.isObject()) {
            return Optional.empty();
        }
        String name = oauth.path("provider").asText();
        ToolOAuthProperties.Provider provider = properties.providers().get(name);
        if (provider == null) {
            return Optional.empty();
        }
        List<String> scopes = new ArrayList<>();
        oauth.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        return Optional.of(new Binding(tool.name(), name, provider, List.copyOf(scopes)));
    }
}
