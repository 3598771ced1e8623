package dev.cortexgateway.toolauth;

import dev.cortexgateway.auth.AllowedOrigins;
import dev.cortexgateway.auth.ClientOrigins;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Where a provider may send the user back with a code: only to the caller's own app, i.e. a URL
 * whose origin is one of the caller's client's {@code allowed-origins} (the registry that also
 * decides CORS). A code sent anywhere else could be redeemed by whoever runs that page; with PKCE
 * and the flow bound to its user it would be of no use to them, but the user would still have been
 * sent to a page the gateway never vouched for.
 */
@Component
public final class CallbackUrls {

    private final ClientOrigins origins;

    public CallbackUrls(ClientOrigins origins) {
        this.origins = origins;
    }

    /** The callback URL, or 400 CALLBACK_URL_NOT_ALLOWED. */
    public String require(String clientId, String callbackUrl) {
        URI uri;
        try {
            uri = new URI(callbackUrl);
        } catch (URISyntaxException e) {
            throw refused(clientId, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            throw refused(clientId, "must be an http(s) URL without credentials or a fragment");
        }
        String origin = AllowedOrigins.ofHeader(scheme + "://" + uri.getRawAuthority());
        if (origin == null || !origins.allows(clientId, origin)) {
            throw refused(clientId, "is not on an origin of the client's allowed-origins");
        }
        return callbackUrl;
    }

    private static GatewayException refused(String clientId, String problem) {
        return new GatewayException(ErrorCode.CALLBACK_URL_NOT_ALLOWED, "callback_url " + problem,
                "Use a page of your app on an origin listed in the allowed-origins of client '" + clientId + "'",
                Map.of("field", "/callback_url"));
    }
}
