package dev.cortexgateway.cache;

import dev.cortexgateway.config.CortexProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Cache keys of answers: SHA-256 over (format version, data scope, prefix, normalized question).
 * The data scope is everything of this gateway's configuration that decides what Cortex may see and
 * how it answers: the Snowflake role (the data the answer was allowed to read), the agent (mode,
 * model, agent object, legacy format) and its tools (search service, semantic model or view,
 * warehouse). So a gateway with another role or agent never reads this one's answers, even from a
 * shared store. Raise {@link #FORMAT_VERSION} when the cached answer's shape changes.
 */
@Component
public final class CacheKeys {

    /** The version of the cached answer's JSON; part of every key, so old entries are never read. */
    public static final String FORMAT_VERSION = "query-answer/2";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private final String scope;

    public CacheKeys(CortexProperties cortex) {
        this.scope = scope(cortex);
    }

    /** Trimmed, every run of whitespace one space, lower case (Locale.ROOT): "  Revenue\n BY Region " -> "revenue by region". */
    public static String normalize(String query) {
        return WHITESPACE.matcher(query).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    /** @param normalizedQuery from {@link #normalize(String)} */
    public String key(String prefix, String normalizedQuery) {
        return hash(List.of(FORMAT_VERSION, scope, prefix, normalizedQuery));
    }

    /** The configuration part of every key, as text (for tests and the decision note; never logged with a question). */
    String scope() {
        return scope;
    }

    static String scope(CortexProperties cortex) {
        CortexProperties.Agent agent = cortex.agent();
        CortexProperties.Tools tools = agent.tools() == null ? new CortexProperties.Tools(null, null, null, null) : agent.tools();
        return String.join("\u001f", List.of(
                "role=" + text(cortex.role()),
                "mode=" + agent.mode(),
                "legacy=" + agent.legacy(),
                "model=" + text(agent.model()),
                "agent=" + text(agent.database()) + "." + text(agent.schema()) + "." + text(agent.name()),
                "search=" + text(tools.searchService()),
                "semanticModel=" + text(tools.semanticModelFile()),
                "semanticView=" + text(tools.semanticView()),
                "warehouse=" + text(tools.warehouse() != null && !tools.warehouse().isBlank() ? tools.warehouse() : cortex.warehouse())));
    }

    /** Each part length-prefixed, so no two different part lists hash the same text. */
    private static String hash(List<String> parts) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            sha256.update(bytes);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }
}
