package dev.cortexgateway.toolauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.store.JdbcToolAuthorizationStore;
import dev.cortexgateway.store.JdbcToolAuthorizationStore.Flow;
import dev.cortexgateway.store.JdbcToolAuthorizationStore.Grant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/v1/auth/tools/{tool_name}/authorize} and {@code POST /api/v1/auth/tools/callback}:
 * the authorization-code flow with PKCE (S256) by which an end user lets an http tool call its host
 * with the user's OAuth token. A flow belongs to the user who started it (the owner key), carries an
 * unguessable state (kept as a digest) and is completed at most once, before its expiry.
 */
@Component("toolAuthorizationFlows")
public final class ToolAuthorizationFlows {

    private static final Logger LOG = LoggerFactory.getLogger(ToolAuthorizationFlows.class);
    /** Expired flows are kept this long so that a late callback hears "expired" rather than "not found". */
    private static final Duration KEEP_EXPIRED = Duration.ofHours(1);

    private final OAuthTools tools;
    private final CallbackUrls callbackUrls;
    private final OAuthProviderClient providers;
    private final JdbcToolAuthorizationStore store;
    private final TokenCipher cipher;
    private final ToolOAuthProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    public ToolAuthorizationFlows(OAuthTools tools, CallbackUrls callbackUrls, OAuthProviderClient providers,
                                  JdbcToolAuthorizationStore store, TokenCipher cipher, ToolOAuthProperties properties,
                                  ObjectMapper json, ObjectProvider<Clock> clock) {
        this.tools = tools;
        this.callbackUrls = callbackUrls;
        this.providers = providers;
        this.store = store;
        this.cipher = cipher;
        this.properties = properties;
        this.json = json;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Starts a flow: {@code {authorization_flow_id, authorization_url, expires_at, status: pending}}. */
    public ObjectNode start(Exchange exchange) {
        OAuthTools.Binding binding = tools.require(tools.tool(exchange.getIn().getHeader("tool_name", String.class)));
        JsonNode body = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        VerifiedToken caller = exchange.getProperty(ExchangeKeys.PRINCIPAL, VerifiedToken.class);
        List<String> scopes = scopes(binding, body.path("scopes"));
        String callback = callbackUrls.require(caller.clientId(), body.path("callback_url").asText());
        Owner owner = Owner.of(exchange);
        Instant now = clock.instant();
        String flowId = "flow_" + Secrets.random(16);
        String state = Secrets.random(32);
        CodeVerifier verifier = new CodeVerifier();
        store.deleteFlowsExpiredBefore(now.minus(KEEP_EXPIRED));
        Instant expiresAt = now.plus(properties.flowTtl());
        store.createFlow(new Flow(flowId, owner.key(), binding.toolName(), binding.providerName(), Secrets.digest(state),
                cipher.encrypt(verifier.getValue(), flowId, "code_verifier"), callback, String.join(" ", scopes),
                cipher.encrypt(userLabel(caller, body), flowId, "user"), "pending", now, expiresAt));
        LOG.info("tool authorization flow {} started for tool {}", flowId, binding.toolName());
        return json.createObjectNode()
                .put("authorization_flow_id", flowId)
                .put("authorization_url", providers.authorizationUrl(binding.provider(), callback, scopes, state, verifier).toString())
                .put("expires_at", expiresAt.toString())
                .put("status", "pending");
    }

    /**
     * Completes a flow with the code the provider sent to the callback URL: {@code {authorization_id,
     * user_id, tool_name, scopes, status: active, expires_at, created_at}}.
     */
    public ObjectNode complete(Exchange exchange) {
        JsonNode body = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        String flowId = body.path("flow_id").asText();
        Flow flow = store.findFlow(flowId).filter(found -> ownedByCaller(found, exchange))
                .orElseThrow(() -> new GatewayException(ErrorCode.AUTHORIZATION_FLOW_NOT_FOUND,
                        "No authorization flow '" + flowId + "' of yours", "Start one with POST /api/v1/auth/tools/{tool_name}/authorize",
                        Map.of()));
        Instant now = clock.instant();
        if (!"pending".equals(flow.status())) {
            throw invalid(flow.status().equals("completed") ? "completed" : "failed",
                    "The authorization flow was already " + flow.status() + "; a flow is completed once");
        }
        if (!now.isBefore(flow.expiresAt())) {
            store.finishFlow(flow.id(), "failed");
            throw invalid("expired", "The authorization flow expired at " + flow.expiresAt());
        }
        if (!Secrets.sameDigest(Secrets.digest(body.path("state").asText()), flow.stateDigest())) {
            // a state that does not match is a forged or crossed redirect: the flow cannot be trusted any more
            store.finishFlow(flow.id(), "failed");
            LOG.warn("tool authorization flow {} failed: the state did not match", flow.id());
            throw invalid("state_mismatch", "The state does not match the authorization flow's");
        }
        if (!store.finishFlow(flow.id(), "completed")) {
            throw invalid("completed", "The authorization flow was already completed; a flow is completed once");
        }
        OAuthTools.Binding binding = tools.require(tools.tool(flow.toolName()));
        OAuthProviderClient.IssuedTokens tokens;
        try {
            tokens = providers.exchangeCode(binding.provider(), body.path("authorization_code").asText(), flow.callbackUrl(),
                    new CodeVerifier(cipher.decrypt(flow.codeVerifier(), flow.id(), "code_verifier")), now);
        } catch (OAuthProviderClient.Refused refused) {
            LOG.info("tool authorization flow {}: the provider refused the code ({})", flow.id(), refused.error());
            throw new GatewayException(ErrorCode.AUTHORIZATION_FLOW_INVALID, "The provider refused the authorization code",
                    "Start a new flow: a code is good for one exchange", Map.of("reason", "code_rejected",
                    "providerError", refused.error()));
        } catch (OAuthProviderClient.Unavailable unavailable) {
            throw ToolTokens.providerFailed(binding.toolName(), unavailable);
        }
        String user = cipher.decrypt(flow.userLabel(), flow.id(), "user");
        List<String> granted = tokens.scopes() != null ? tokens.scopes() : split(flow.scopes());
        Grant grant = new Grant(flow.ownerKey(), flow.toolName(), "auth_" + Secrets.random(16), binding.providerName(),
                String.join(" ", granted),
                cipher.encrypt(tokens.accessToken(), flow.ownerKey(), flow.toolName(), "access_token"),
                cipher.encrypt(tokens.refreshToken(), flow.ownerKey(), flow.toolName(), "refresh_token"),
                cipher.encrypt(user, flow.ownerKey(), flow.toolName(), "user"), tokens.expiresAt(), now, now);
        store.saveGrant(grant);
        LOG.info("tool {} authorized (authorization {}, flow {})", flow.toolName(), grant.id(), flow.id());
        ObjectNode answer = json.createObjectNode()
                .put("authorization_id", grant.id())
                .put("user_id", user)
                .put("tool_name", grant.toolName());
        granted.forEach(answer.putArray("scopes")::add);
        answer.put("status", "active");
        if (grant.expiresAt() == null) {
            answer.putNull("expires_at");
        } else {
            answer.put("expires_at", grant.expiresAt().toString());
        }
        return answer.put("created_at", grant.createdAt().toString());
    }

    /** The requested scopes (default: the tool's), each one the tool declares when it declares any. */
    private static List<String> scopes(OAuthTools.Binding binding, JsonNode requested) {
        if (!requested.isArray() || requested.isEmpty()) {
            return binding.scopes();
        }
        List<String> scopes = new ArrayList<>();
        List<Map<String, String>> fields = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            String scope = requested.get(i).asText();
            if (!binding.scopes().isEmpty() && !binding.scopes().contains(scope)) {
                fields.add(Map.of("field", "/scopes/" + i, "message", "'" + scope + "' is not among the tool's scopes " + binding.scopes()));
            } else if (!scopes.contains(scope)) {
                scopes.add(scope);
            }
        }
        if (!fields.isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "The tool cannot ask for these scopes",
                    "Ask for a subset of the scopes the tool declares (GET /api/v1/tools/" + binding.toolName() + ")",
                    Map.of("fields", fields));
        }
        return List.copyOf(scopes);
    }

    /**
     * Who the answer names as the user: the {@code user_id} a confidential client acts for (or the
     * client itself), a public client's end user by its subject (its token names the user; a
     * {@code user_id} it sends is not an identity).
     */
    private static String userLabel(VerifiedToken caller, JsonNode body) {
        if (caller.subject() != null) {
            return caller.subject();
        }
        String named = body.path(Owner.USER_ID).asText("");
        return named.isBlank() ? caller.clientId() : named;
    }

    /**
     * An end user completes only its own flows; a confidential client acts for all of its users (it
     * names any of them with {@code user_id}), so it completes the flows it started for any of them.
     */
    private static boolean ownedByCaller(Flow flow, Exchange exchange) {
        VerifiedToken caller = exchange.getProperty(ExchangeKeys.PRINCIPAL, VerifiedToken.class);
        Owner owner = Owner.parse(flow.ownerKey());
        if (caller.subject() != null) {
            return owner.key().equals(caller.owner().key());
        }
        return owner.clientId().equals(caller.clientId())
                && (owner.subject() == null || !owner.subject().startsWith(Owner.SUBJECT_PREFIX));
    }

    private static GatewayException invalid(String reason, String message) {
        return new GatewayException(ErrorCode.AUTHORIZATION_FLOW_INVALID, message,
                "Start a new flow with POST /api/v1/auth/tools/{tool_name}/authorize", Map.of("reason", reason));
    }

    private static List<String> split(String scopes) {
        return scopes.isBlank() ? List.of() : Arrays.asList(scopes.split(" "));
    }
}
