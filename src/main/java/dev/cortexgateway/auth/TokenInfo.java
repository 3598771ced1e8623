package dev.cortexgateway.auth;

import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.route.TokenCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** What {@code GET /api/v1/auth/validate} tells about the caller's own, already verified token. */
@Component("tokenInfo")
public final class TokenInfo {

    public Map<String, Object> describe(Exchange exchange) {
        VerifiedToken token = exchange.getProperty(TokenCheck.PRINCIPAL, VerifiedToken.class);
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
        return info;
    }
}
