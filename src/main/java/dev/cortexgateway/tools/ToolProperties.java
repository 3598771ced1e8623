package dev.cortexgateway.tools;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How tools run: timeouts, the execution pool, which built-ins are off, and the Cortex resources the
 * built-in search and analyst tools are bound to.
 *
 * @param defaultTimeout         a tool call that takes longer is stopped (statement cancelled, HTTP call
 *                               aborted) and answered 424
 * @param timeouts               per-tool overrides of the default, by tool name
 * @param maxTimeout             the most an execution may ask for in {@code execution_options.timeout_seconds}
 * @param maxConcurrentExecutions tool executions running at once on this instance (sync and async)
 * @param maxQueuedExecutions    executions waiting for a free slot before new ones are refused (429)
 * @param disabled               built-in tools switched off (calls answer 403 TOOL_DISABLED)
 * @param upstreamConcurrency    calls in flight at once per upstream (the throttle EIP of each tool pipeline)
 * @param search                 the built-in cortex_search tool's service and column mapping
 * @param analyst                the built-in cortex_analyst_text_to_sql tool's semantic model
 * @param http                   limits of admin-registered http tools
 * @param idempotencyTtl         how long an x-idempotency-key returns the same job
 */
@Validated
@ConfigurationProperties("gateway.tools")
public record ToolProperties(
        @DefaultValue("10s") @NotNull Duration defaultTimeout,
        @DefaultValue Map<String, Duration> timeouts,
        @DefaultValue("300s") @NotNull Duration maxTimeout,
        @DefaultValue("32") @Min(1) @Max(1024) int maxConcurrentExecutions,
        @DefaultValue("256") @Min(0) int maxQueuedExecutions,
        @DefaultValue List<String> disabled,
        @DefaultValue @Valid @NotNull UpstreamConcurrency upstreamConcurrency,
        @DefaultValue @Valid @NotNull Search search,
        @DefaultValue @Valid @NotNull Analyst analyst,
        @DefaultValue @Valid @NotNull Http http,
        @DefaultValue("24h") @NotNull Duration idempotencyTtl) {

    /** The timeout of one tool, before any per-call override. */
    public Duration timeoutOf(String toolName) {
        return timeouts.getOrDefault(toolName, defaultTimeout);
    }

    /**
     * @param cortex    Search and Analyst calls in flight at once on this instance (more answer 429)
     * @param warehouse {@code sql_exec} and {@code sql_template} statements in flight at once (more answer 429)
     * @param http      registered http tool calls in flight at once (more answer 429)
     */
    public record UpstreamConcurrency(
            @DefaultValue("16") @Min(1) int cortex,
            @DefaultValue("8") @Min(1) int warehouse,
            @DefaultValue("16") @Min(1) int http) {
    }

    /**
     * @param service fully qualified Cortex Search service, {@code DB.SCHEMA.SERVICE}; the tool is listed
     *                as disabled while it is unset
     * @param columns which result column becomes title, snippet, sourceUrl and (optionally) confidence
     */
    public record Search(String service, @DefaultValue @Valid @NotNull Columns columns) {
    }

    /**
     * @param title      result column answered as a source's title
     * @param snippet    result column answered as the snippet
     * @param sourceUrl  result column answered as the source URL
     * @param confidence result column answered as the confidence score; unset: none is answered
     */
    public record Columns(
            @DefaultValue("title") String title,
            @DefaultValue("chunk") String snippet,
            @DefaultValue("url") String sourceUrl,
            String confidence) {
    }

    /**
     * Exactly one of the two: a semantic model file on a stage, or a semantic view.
     *
     * @param semanticModelFile semantic model YAML on a stage, e.g. {@code @DB.SCHEMA.STAGE/model.yaml}
     * @param semanticView      semantic view, e.g. {@code DB.SCHEMA.VIEW}
     */
    public record Analyst(String semanticModelFile, String semanticView) {
    }

    /**
     * @param allowedHosts     the only origins an http tool's URL may name: {@code scheme://host:port}
     *                         (without a port, the scheme's default; port 0: this gateway's own);
     *                         checked by {@link HttpTool}, a bare host fails start-up
     * @param maxResponseBytes a larger answer fails the call rather than filling memory
     */
    public record Http(@DefaultValue List<String> allowedHosts,
                       @DefaultValue("262144") @Min(1024) int maxResponseBytes) {
    }
}
