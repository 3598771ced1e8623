package dev.cortexgateway.toolauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The gateway as an OAuth 2.0 client of an http tool's provider, through the Nimbus OAuth SDK: the
 * authorization URL (authorization code with PKCE S256 and a state), the code exchange and the
 * refresh. The client secret goes to the provider's token URL only, in HTTP Basic; redirects are
 * never followed.
 */
@Component
public final class OAuthProviderClient {

    /** What the token endpoint gave; {@code expiresAt} null when it did not say, {@code refreshToken} null when it gave none. */
    public record IssuedTokens(String accessToken, String refreshToken, Instant expiresAt, List<String> scopes) {

        @Override
        public String toString() {
            return "IssuedTokens[expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
        }
    }

    /** The provider refused the grant (e.g. {@code invalid_grant}): the caller's code or the stored refresh token is no good. */
    public static final class Refused extends RuntimeException {
        private final String error;

        Refused(String error) {
            super("the provider refused the grant: " + error);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    /** The provider could not be reached, timed out or answered something that is not a token response. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String problem) {
            super(problem);
        }
    }

    private final ToolOAuthProperties properties;

    public OAuthProviderClient(ToolOAuthProperties properties) {
        this.properties = properties;
    }

    public URI authorizationUrl(ToolOAuthProperties.Provider provider, String callbackUrl, List<String> scopes,
                                String state, CodeVerifier verifier) {
        return new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), new ClientID(provider.clientId()))
                .endpointURI(URI.create(provider.authorizeUrl()))
                .redirectionURI(URI.create(callbackUrl))
                .scope(scopes.isEmpty() ? null : new Scope(scopes.toArray(String[]::new)))
                .state(new State(state))
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    public IssuedTokens exchangeCode(ToolOAuthProperties.Provider provider, String code, String callbackUrl,
                                     CodeVerifier verifier, Instant now) {
        return tokens(provider, new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(callbackUrl), verifier), now);
    }

    public IssuedTokens refresh(ToolOAuthProperties.Provider provider, String refreshToken, Instant now) {
        return tokens(provider, new RefreshTokenGrant(new RefreshToken(refreshToken)), now);
    }

    private IssuedTokens tokens(ToolOAuthProperties.Provider provider, AuthorizationGrant grant, Instant now) {
        ClientSecretBasic client = new ClientSecretBasic(new ClientID(provider.clientId()), new Secret(provider.clientSecret()));
        HTTPRequest request = new TokenRequest(URI.create(provider.tokenUrl()), client, grant).toHTTPRequest();
        int timeout = (int) properties.providerTimeout().toMillis();
        request.setConnectTimeout(timeout);
        request.setReadTimeout(timeout);
        request.setFollowRedirects(false);
        HTTPResponse response;
        try {
            response = request.send();
        } catch (IOException e) {
            throw new Unavailable("the provider's token endpoint could not be reached");
        }
        TokenResponse parsed;
        try {
            parsed = TokenResponse.parse(response);
        } catch (ParseException e) {
            throw new Unavailable("the provider's token endpoint answered HTTP " + response.getStatusCode()
                    + " without a token response");
        }
        if (!parsed.indicatesSuccess()) {
            int status = parsed.toErrorResponse().getErrorObject().getHTTPStatusCode();
            String code = parsed.toErrorResponse().getErrorObject().getCode();
            if (status >= 500 || code == null) {
                throw new Unavailable("the provider's token endpoint answered HTTP " + response.getStatusCode());
            }
            throw new Refused(code);
        }
        Tokens tokens = parsed.toSuccessResponse().getTokens();
        AccessToken access = tokens.getAccessToken();
        RefreshToken refresh = tokens.getRefreshToken();
        Instant expiresAt = access.getLifetime() > 0 ? now.plusSeconds(access.getLifetime()) : null;
        List<String> scopes = access.getScope() == null ? null : access.getScope().toStringList();
        return new IssuedTokens(access.getValue(), refresh == null ? null : refresh.getValue(), expiresAt, scopes);
    }
}
