package dev.cortexgateway.cortex;

import org.springframework.stereotype.Component;

/**
 * Who the gateway is to Snowflake, for the routes that call Cortex through Camel's HTTP component
 * (routes/tools/cortex-call.yaml): the base URL and the header values. The key-pair JWT is minted
 * here, by the one JWT step the agent runs use too, again when it is due.
 */
@Component("cortexIdentity")
public final class CortexIdentity {

    private final CortexUpstream upstream;

    public CortexIdentity(CortexAgentClient agentClient) {
        this.upstream = agentClient.upstream();
    }

    /** {@code gateway.cortex.base-url} without a trailing slash (the local simulator's port filled in once known). */
    public String baseUrl() {
        return upstream.endpoints().base().toString();
    }

    /** {@code gateway.cortex.connect-timeout} in milliseconds, as camel-http's {@code connectTimeout} takes it. */
    public long connectTimeoutMillis() {
        return upstream.connectTimeoutMillis();
    }

    /** {@code Bearer <token>}: a fresh key-pair JWT when due, or the configured PAT or OAuth token. */
    public String authorization() {
        return upstream.credentials().authorization();
    }

    /** The {@code X-Snowflake-Authorization-Token-Type} that goes with {@link #authorization()}. */
    public String tokenType() {
        return upstream.credentials().tokenType();
    }

    /** {@code gateway.cortex.role}, or null (no header) when unset. */
    public String role() {
        return upstream.role();
    }

    /** {@code gateway.cortex.warehouse}, or null (no header) when unset. */
    public String warehouse() {
        return upstream.warehouse();
    }
}
