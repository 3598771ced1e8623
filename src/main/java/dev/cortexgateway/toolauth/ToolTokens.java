package dev.cortexgateway.toolauth;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.store.JdbcToolAuthorizationStore;
import dev.cortexgateway.store.JdbcToolAuthorizationStore.Grant;
import dev.cortexgateway.tools.Tool;
import dev.cortexgateway.tools.ToolCatalog;
import dev.cortexgateway.tools.ToolExecutions;
import dev.cortexgateway.tools.kinds.http.HttpTool;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The end user's token for an http tool that acts for it: the step of the http tool pipeline that
 * finds it (refreshing it first when it is about to expire) and hands it to the call, and
 * {@code DELETE /api/v1/auth/tools/{tool_name}/authorization}, which forgets it. Without a usable
 * authorization the call is refused with 403 TOOL_AUTHORIZATION_REQUIRED naming where to start one.
 */
@Component("toolTokens")
public final class ToolTokens {

    private static final Logger LOG = LoggerFactory.getLogger(ToolTokens.class);

    private final OAuthTools tools;
    private final OAuthProviderClient providers;
    private final JdbcToolAuthorizationStore store;
    private final TokenCipher cipher;
    private final ToolOAuthProperties properties;
    private final Clock clock;
    /** One refresh at a time per (owner, tool) on this instance: a refresh token may be good for one use. */
    private final Map<String, Object> refreshing = new ConcurrentHashMap<>();

    public ToolTokens(OAuthTools tools, OAuthProviderClient providers, JdbcToolAuthorizationStore store, TokenCipher cipher,
                      ToolOAuthProperties properties, ObjectProvider<Clock> clock) {
        this.tools = tools;
        this.providers = providers;
        this.store = store;
        this.cipher = cipher;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Tool pipeline step: sets {@link ExchangeKeys#TOOL_BEARER_TOKEN} for tools that act for the end user; others pass. */
    public void attach(Exchange exchange) {
        Tool tool = exchange.getProperty(ExchangeKeys.TOOL, Tool.class);
        Optional<OAuthTools.Binding> binding = tools.binding(tool);
        if (binding.isEmpty()) {
            if (tool.definition() != null && tool.definition().has("oauth")) {
                // its provider was removed from configuration: never call the host without the token it expects
                throw required(tool.name(), "The tool's OAuth provider is not configured on this gateway");
            }
            return;
        }
        String owner = exchange.getProperty(ExchangeKeys.TOOL_OWNER, String.class);
        exchange.setProperty(ExchangeKeys.TOOL_BEARER_TOKEN, accessToken(owner, binding.get()));
    }

    /** {@code DELETE /api/v1/auth/tools/{tool_name}/authorization}: 204 whether or not there was one. */
    public void revoke(Exchange exchange) {
        Tool tool = tools.tool(exchange.getIn().getHeader("tool_name", String.class));
        tools.require(tool);
        if (store.deleteGrant(Owner.of(exchange).key(), tool.name())) {
            LOG.info("tool {} authorization revoked", tool.name());
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }

    private String accessToken(String owner, OAuthTools.Binding binding) {
        Grant grant = store.findGrant(owner, binding.toolName()).orElseThrow(() -> required(binding.toolName(),
                "The tool '" + binding.toolName() + "' acts for you and you have not authorized it"));
        Instant now = clock.instant();
        if (grant.expiresAt() == null || now.plus(properties.refreshBefore()).isBefore(grant.expiresAt())) {
            return read(grant, grant.accessToken(), "access_token");
        }
        synchronized (refreshing.computeIfAbsent(owner + "\n" + binding.toolName(), key -> new Object())) {
            // another call may have refreshed it while this one waited
            Grant current = store.findGrant(owner, binding.toolName()).orElseThrow(() -> required(binding.toolName(),
                    "The tool '" + binding.toolName() + "' acts for you and you have not authorized it"));
            if (current.expiresAt() == null || now.plus(properties.refreshBefore()).isBefore(current.expiresAt())) {
                return read(current, current.accessToken(), "access_token");
            }
            return refresh(current, binding, now);
        }
    }

    private String refresh(Grant grant, OAuthTools.Binding binding, Instant now) {
        String refreshToken = read(grant, grant.refreshToken(), "refresh_token");
        if (refreshToken == null) {
            store.deleteGrant(grant.ownerKey(), grant.toolName());
            throw required(grant.toolName(), "Your authorization of '" + grant.toolName() + "' expired and cannot be renewed");
        }
        OAuthProviderClient.IssuedTokens tokens;
        try {
            tokens = providers.refresh(binding.provider(), refreshToken, now);
        } catch (OAuthProviderClient.Refused refused) {
            store.deleteGrant(grant.ownerKey(), grant.toolName());
            LOG.info("tool {} authorization {} dropped: the provider refused its refresh token ({})", grant.toolName(),
                    grant.id(), refused.error());
            throw required(grant.toolName(), "Your authorization of '" + grant.toolName() + "' was withdrawn by its provider");
        } catch (OAuthProviderClient.Unavailable unavailable) {
            throw providerFailed(grant.toolName(), unavailable);
        }
        String nextRefresh = tokens.refreshToken() != null ? tokens.refreshToken() : refreshToken;
        store.updateTokens(grant.ownerKey(), grant.toolName(), grant.id(),
                cipher.encrypt(tokens.accessToken(), grant.ownerKey(), grant.toolName(), "access_token"),
                cipher.encrypt(nextRefresh, grant.ownerKey(), grant.toolName(), "refresh_token"),
                tokens.expiresAt(), now);
        LOG.info("tool {} authorization {} refreshed", grant.toolName(), grant.id());
        return tokens.accessToken();
    }

    /** A stored token, or TOOL_AUTHORIZATION_REQUIRED when it no longer decrypts (the key changed). */
    private String read(Grant grant, String stored, String field) {
        try {
            return cipher.decrypt(stored, grant.ownerKey(), grant.toolName(), field);
        } catch (TokenCipher.UnreadableException unreadable) {
            store.deleteGrant(grant.ownerKey(), grant.toolName());
            LOG.warn("tool {} authorization {} dropped: its tokens do not decrypt with the current key", grant.toolName(), grant.id());
            throw required(grant.toolName(), "Your authorization of '" + grant.toolName() + "' must be given again");
        }
    }

    static GatewayException required(String tool, String message) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tool", tool);
        details.put("authorizeUrl", "/api/v1/auth/tools/" + tool + "/authorize");
        details.put("authorizeMethod", "POST");
        return new GatewayException(ErrorCode.TOOL_AUTHORIZATION_REQUIRED, message,
                "POST details.authorizeUrl with a callback_url of your app, send the user to the authorization_url it answers, "
                        + "then POST /api/v1/auth/tools/callback with the code", details);
    }

    /** The provider's token endpoint failing is the tool's upstream failing: 424 with the cause. */
    static GatewayException providerFailed(String tool, RuntimeException failure) {
        return new GatewayException(ErrorCode.UPSTREAM_DEPENDENCY_FAILED, "The OAuth provider of tool '" + tool
                + "' failed: " + failure.getMessage(), "Retry later", Map.of("cause", ErrorCode.UPSTREAM_ERROR.name()));
    }
}
