package dev.cortexgateway.toolauth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * OAuth 2.0 providers of http tools that act for an end user (docs/security.md, "Tools that act for
 * an end user"), and how their tokens are kept.
 *
 * @param tokenKey              AES-256 key (base64 of 32 bytes) that encrypts stored tokens; required
 *                              once a provider is configured, unless {@code generateKeyIfMissing}
 * @param generateKeyIfMissing  the local profile only: a random key per start (stored tokens do not
 *                              survive a restart, their users authorize again)
 * @param flowTtl               how long an authorization flow waits for its callback
 * @param refreshBefore         an access token this close to its expiry is refreshed before a call
 * @param providerTimeout       connect and read timeout of each request to a provider's token URL
 * @param providers             by name, as an http tool's {@code oauth.provider} names them
 * @param previousTokenKeys     earlier (or announced next) keys, tried for decryption only: a key
 *                              change without dropping every stored authorization
 *                              (docs/runbooks/secret-rotation.md)
 */
@Validated
@ConfigurationProperties("gateway.tools.oauth")
public record ToolOAuthProperties(
        String tokenKey,
        @DefaultValue("false") boolean generateKeyIfMissing,
        @DefaultValue("10m") @NotNull Duration flowTtl,
        @DefaultValue("30s") @NotNull Duration refreshBefore,
        @DefaultValue("5s") @NotNull Duration providerTimeout,
        @DefaultValue Map<String, @Valid Provider> providers,
        @DefaultValue List<String> previousTokenKeys) {

    /**
     * One authorization server. The client secret comes from configuration (an environment variable
     * in a deployment) and is sent to {@code tokenUrl} only: never answered, stored or logged.
     *
     * @param authorizeUrl the provider's authorization endpoint the user's browser is sent to
     * @param tokenUrl     the provider's token endpoint (code exchange and refresh)
     * @param clientId     the gateway's client id at the provider
     * @param clientSecret the gateway's client secret there; give it through the environment
     *                     ({@code GATEWAY_TOOLS_OAUTH_PROVIDERS_<NAME>_CLIENTSECRET})
     * @param scopes       the scopes tools of this provider may ask for; empty allows any
     */
    public record Provider(
            @NotBlank String authorizeUrl,
            @NotBlank String tokenUrl,
            @NotBlank String clientId,
            @NotBlank String clientSecret,
            @DefaultValue List<String> scopes) {

        @Override
        public String toString() {
            // the secret never reaches a log or a failure message through this record
            return "Provider[authorizeUrl=" + authorizeUrl + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId + "]";
        }
    }
}
