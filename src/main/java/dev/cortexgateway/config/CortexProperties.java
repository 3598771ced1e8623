package dev.cortexgateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Snowflake Cortex (or the local simulator that speaks its wire format) is reached, which
 * agent runs, and how the gateway authenticates. Bean validation names missing single settings;
 * rules that span settings are checked by {@link #checked()}, which the Cortex adapter calls when it
 * is created, so a bad combination stops start-up with the setting's name.
 *
 * @param baseUrl           account URL, e.g. {@code https://myorg-myaccount.snowflakecomputing.com}; port 0
 *                          means the local simulator's port (start-up stops if none runs); detailed
 *                          health probes it
 * @param connectTimeout    connect timeout for upstream calls and the health probe
 * @param inactivityTimeout a run that receives no byte from upstream for this long ends with UPSTREAM_TIMEOUT
 * @param role              sent as {@code X-Snowflake-Role} when set
 * @param warehouse         sent as {@code X-Snowflake-Warehouse} when set
 * @param agent             which agent runs and with what
 * @param auth              the gateway's own Snowflake credentials
 */
@Validated
@ConfigurationProperties("gateway.cortex")
public record CortexProperties(
        @NotNull URI baseUrl,
        @DefaultValue("10s") @NotNull Duration connectTimeout,
        @DefaultValue("120s") @NotNull Duration inactivityTimeout,
        String role,
        String warehouse,
        @DefaultValue @Valid Agent agent,
        @DefaultValue @Valid Auth auth) {

    private static final String PREFIX = "gateway.cortex.";

    /** How the run is addressed: an inline configuration, or an agent object in a schema. */
    public enum Mode { INLINE, OBJECT }

    /** Which credential the gateway presents to Snowflake. */
    public enum AuthType { KEYPAIR, PAT, OAUTH }

    /**
     * @param mode     {@code inline}: {@code POST /api/v2/cortex/agent:run} with model and tools in the body;
     *                 {@code object}: {@code POST /api/v2/databases/{database}/schemas/{schema}/agents/{name}:run}
     * @param database database of the agent object (object mode)
     * @param schema   schema of the agent object (object mode)
     * @param name     name of the agent object (object mode)
     * @param model    orchestration model for inline runs
     * @param legacy   inline runs in the pre-September-2025 format ({@code model}, {@code message.delta} events)
     * @param tools    tools offered to inline runs
     */
    public record Agent(
            @DefaultValue("inline") @NotNull Mode mode,
            String database,
            String schema,
            String name,
            @DefaultValue("claude-4-sonnet") @NotBlank String model,
            @DefaultValue("false") boolean legacy,
            @DefaultValue @Valid Tools tools) {
    }

    /**
     * Tools for inline runs; each is offered only when its resource is set.
     *
     * @param searchService     fully qualified Cortex Search service, e.g. {@code DB.SCHEMA.SERVICE}
     * @param semanticModelFile Cortex Analyst semantic model on a stage, e.g. {@code @DB.SCHEMA.STAGE/model.yaml}
     * @param semanticView      Cortex Analyst semantic view, e.g. {@code DB.SCHEMA.VIEW} (not with the file)
     * @param warehouse         warehouse Analyst's SQL runs on; falls back to {@code gateway.cortex.warehouse}
     */
    public record Tools(String searchService, String semanticModelFile, String semanticView, String warehouse) {

        public boolean search() {
            return present(searchService);
        }

        public boolean analyst() {
            return present(semanticModelFile) || present(semanticView);
        }
    }

    /**
     * @param type       {@code keypair}, {@code pat} or {@code oauth}
     * @param token      the programmatic access token or OAuth access token (pat, oauth)
     * @param account    account identifier for the key-pair JWT (keypair: RS256 with the public key's
     *                   fingerprint, renewed before its hour is up)
     * @param user       Snowflake user the public key is registered on (keypair)
     * @param privateKey unencrypted PKCS#8 PEM, inline or as a file path (keypair)
     */
    public record Auth(@NotNull AuthType type, String token, String account, String user, String privateKey) {

        @Override
        public String toString() {
            // records print every component; this one holds secrets
            return "Auth[type=" + type + ", account=" + account + ", user=" + user + "]";
        }
    }

    /** The checks bean validation cannot express; throws {@link InvalidSettingException} naming the setting. */
    public CortexProperties checked() {
        String scheme = baseUrl.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || baseUrl.getHost() == null) {
            throw new InvalidSettingException(PREFIX + "base-url", "'" + baseUrl + "' is not an http(s) URL with a host",
                    "Set it to the account URL, e.g. https://myorg-myaccount.snowflakecomputing.com.");
        }
        positive("connect-timeout", connectTimeout);
        positive("inactivity-timeout", inactivityTimeout);
        if (agent.mode() == Mode.OBJECT) {
            required("agent.database", agent.database(), "object mode runs an agent object");
            required("agent.schema", agent.schema(), "object mode runs an agent object");
            required("agent.name", agent.name(), "object mode runs an agent object");
            if (agent.legacy()) {
                throw new InvalidSettingException(PREFIX + "agent.legacy", "is true in object mode",
                        "The legacy format exists only for inline runs: set agent.mode to inline or legacy to false.");
            }
        }
        Tools tools = agent.tools();
        if (present(tools.semanticModelFile()) && present(tools.semanticView())) {
            throw new InvalidSettingException(PREFIX + "agent.tools.semantic-view", "is set together with semantic-model-file",
                    "Cortex Analyst takes exactly one semantic model: keep one of the two.");
        }
        if (agent.legacy() && present(tools.semanticView())) {
            throw new InvalidSettingException(PREFIX + "agent.tools.semantic-view", "is set in legacy mode",
                    "The legacy format takes a semantic-model-file only.");
        }
        switch (auth.type()) {
            case PAT, OAUTH -> required("auth.token", auth.token(), "auth type " + auth.type().name().toLowerCase() + " sends it as the Bearer token");
            case KEYPAIR -> {
                required("auth.account", auth.account(), "the key-pair JWT names the account");
                required("auth.user", auth.user(), "the key-pair JWT names the user");
                required("auth.private-key", auth.privateKey(), "the key-pair JWT is signed with it");
            }
        }
        return this;
    }

    public static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static void required(String setting, String value, String why) {
        if (!present(value)) {
            throw new InvalidSettingException(PREFIX + setting, "is not set", "Set it: " + why + ".");
        }
    }

    private static void positive(String setting, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new InvalidSettingException(PREFIX + setting, "must be positive, is " + value, "Set a positive duration, e.g. 10s.");
        }
    }
}
