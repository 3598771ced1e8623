package dev.cortexgateway.toolauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.tools.kinds.ToolKind;
import dev.cortexgateway.tools.kinds.ToolKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What registration checks in a tool definition's {@code oauth} block: an http tool, a provider that
 * is configured, and only scopes that provider offers (when it lists them).
 */
@Component
public final class OAuthToolDefinitions {

    private final ToolOAuthProperties properties;
    private final ToolKinds kinds;

    public OAuthToolDefinitions(ToolOAuthProperties properties, ToolKinds kinds) {
        this.properties = properties;
        this.kinds = kinds;
    }

    /** Field errors ({field, message}); empty when the block is absent or fine. */
    public List<Map<String, String>> validate(JsonNode definition) {
        List<Map<String, String>> errors = new ArrayList<>();
        JsonNode oauth = definition.get("oauth");
        if (oauth == null) {
            return errors;
        }
        if (!kinds.find(definition.path("kind").asText()).map(ToolKind::actsForEndUser).orElse(false)) {
            errors.add(Map.of("field", "/oauth", "message", "only http tools call a host with an end user's token"));
            return errors;
        }
        String name = oauth.path("provider").asText();
        ToolOAuthProperties.Provider provider = properties.providers().get(name);
        if (provider == null) {
            errors.add(Map.of("field", "/oauth/provider", "message", "'" + name + "' is not in gateway.tools.oauth.providers "
                    + properties.providers().keySet()));
            return errors;
        }
        for (JsonNode scope : oauth.path("scopes")) {
            if (!provider.scopes().isEmpty() && !provider.scopes().contains(scope.asText())) {
                errors.add(Map.of("field", "/oauth/scopes", "message", "'" + scope.asText()
                        + "' is not among the scopes of provider '" + name + "' " + provider.scopes()));
            }
        }
        return errors;
    }
}
