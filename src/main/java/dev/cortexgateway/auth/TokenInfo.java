package dev.cortexgateway.auth;

import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.jwt.VerifiedToken;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * What {@code GET /api/v1/auth/validate} tells about the caller's own, already verified token: the
 * contract's {@code token_info} and {@code user_info} groups, and the same facts flat as before. The
 * gateway authorizes by scopes only, so {@code user_info.permissions} is null; {@code user_info.user_id}
 * is a public client's end user (the session token's subject), null for a confidential client's token.
 */
@Component("tokenInfo")
public final class TokenInfo {

    public Map<String, Object> describe(Exchange exchange) {
        VerifiedToken token = exchange.getProperty(ExchangeKeys.PRINCIPAL, VerifiedToken.class);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("valid", true);
        info.put("clientId", token.clientId());
        info.put("scopes", new TreeSet<>(token.scopes()));
        info.put("tokenId", token.jti());
        info.put("issuedAt", token.issuedAt().toString());
        info.put("expiresAt", token.expiresAt().toString());
        if (token.clientVersion() != null) {
            info.put("clientVersion", token.clientVersion());
        }
        Map<String, Object> tokenInfo = new LinkedHashMap<>();
        tokenInfo.put("client_id", token.clientId());
        tokenInfo.put("scopes", new TreeSet<>(token.scopes()));
        tokenInfo.put("expires_at", token.expiresAt().toString());
        tokenInfo.put("issued_at", token.issuedAt().toString());
        info.put("token_info", tokenInfo);
        Map<String, Object> userInfo = new LinkedHashMap<>();
        userInfo.put("user_id", token.subject());
        userInfo.put("permissions", null);
        info.put("user_info", userInfo);
        return info;
    }
}
