package dev.cortexgateway.cortex;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of an agent run as Snowflake sent it: the SSE event name ({@code response.text.delta},
 * {@code response}, {@code message.delta} in the legacy format, or a name this gateway does not know
 * yet) and its {@code data:} parsed as JSON. Data that is not JSON arrives as a text node.
 */
public record CortexEvent(String name, JsonNode data) {
}
