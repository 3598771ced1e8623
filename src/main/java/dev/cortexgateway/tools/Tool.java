package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * A tool as callers see it: a built-in one (from configuration) or one an admin registered.
 *
 * @param kind       the pipeline it runs: cortex_search, cortex_analyst, sql_exec, data_to_chart,
 *                   sql_template or http
 * @param definition what the kind needs (service, semantic model, SQL template, URL template...)
 * @param parameters the JSON Schema its arguments must match
 * @param revision   changes whenever the definition does, so a stale live route is rebuilt (a
 *                   registered tool's last update)
 * @param createdAt  when a registered tool was first registered; null for built-in tools
 */
public record Tool(String name, String kind, String description, String version, boolean builtIn,
                   boolean enabled, ObjectNode definition, JsonNode parameters, Duration timeout,
                   Instant revision, Instant createdAt) {

    /** A built-in tool: part of the gateway, never registered. */
    public Tool(String name, String kind, String description, String version, boolean builtIn, boolean enabled,
                ObjectNode definition, JsonNode parameters, Duration timeout, Instant revision) {
        this(name, kind, description, version, builtIn, enabled, definition, parameters, timeout, revision, null);
    }

    /** The Camel endpoint of the tool's pipeline. */
    public String endpoint() {
        return "direct:" + routeId();
    }

    public String routeId() {
        return "tool-" + name;
    }
}
