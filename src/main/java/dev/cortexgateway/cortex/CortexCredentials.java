package dev.cortexgateway.cortex;

import dev.cortexgateway.config.CortexProperties;
import dev.cortexgateway.config.InvalidSettingException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's own Snowflake credentials as request headers: {@code Authorization: Bearer ...} and
 * {@code X-Snowflake-Authorization-Token-Type} ({@code KEYPAIR_JWT}, {@code PROGRAMMATIC_ACCESS_TOKEN}
 * or {@code OAUTH}). A key that cannot be read stops start-up naming the setting. The headers are
 * secrets: never log them.
 */
public final class CortexCredentials {

    static final String TOKEN_TYPE_HEADER = "X-Snowflake-Authorization-Token-Type";

    private final CortexProperties.AuthType type;
    private final String staticToken;
    private final KeyPairJwt keyPair;

    public CortexCredentials(CortexProperties.Auth auth, Clock clock) {
        this.type = auth.type();
        if (type == CortexProperties.AuthType.KEYPAIR) {
            try {
                this.keyPair = new KeyPairJwt(auth.account(), auth.user(), KeyPairJwt.readPrivateKey(auth.privateKey()), clock);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("gateway.cortex.auth.private-key", e.getMessage(),
                        "Give an unencrypted PKCS#8 RSA key as PEM text or as the path of a PEM file.");
            }
            this.staticToken = null;
        } else {
            this.keyPair = null;
            this.staticToken = auth.token().trim();
        }
    }

    /** The headers to send with every Cortex request (the key-pair JWT is minted again when due). */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", authorization());
        headers.put(TOKEN_TYPE_HEADER, tokenType());
        return headers;
    }

    /** {@code Bearer <token>}: the key-pair JWT (minted again when due), or the PAT or OAuth token. */
    public String authorization() {
        return "Bearer " + (type == CortexProperties.AuthType.KEYPAIR ? keyPair.token() : staticToken);
    }

    /** Snowflake's name for the kind of token {@link #authorization()} carries. */
    public String tokenType() {
        return switch (type) {
            case KEYPAIR -> "KEYPAIR_JWT";
            case PAT -> "PROGRAMMATIC_ACCESS_TOKEN";
            case OAUTH -> "OAUTH";
        };
    }

    public CortexProperties.AuthType type() {
        return type;
    }

    @Override
    public String toString() {
        return "CortexCredentials[" + type + "]";
    }
}
