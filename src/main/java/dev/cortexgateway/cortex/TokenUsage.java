package dev.cortexgateway.cortex;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokens one agent run used, per model, as the run's last event ({@code response}) reports them in
 * {@code metadata.usage.tokens_consumed[]}: {@code {model_name, input_tokens: {total, ...},
 * output_tokens: {total}}} (Snowflake's Cortex Agents REST API). Runs in the legacy format report none.
 */
public record TokenUsage(String model, long inputTokens, long outputTokens) {

    /** The usage in a {@code response} event's data; empty when it reports none. */
    public static List<TokenUsage> of(CortexEvent event) {
        if (!"response".equals(event.name()) || event.data() == null) {
            return List.of();
        }
        List<TokenUsage> usage = new ArrayList<>();
        for (JsonNode entry : event.data().path("metadata").path("usage").path("tokens_consumed")) {
            JsonNode input = entry.path("input_tokens").path("total");
            JsonNode output = entry.path("output_tokens").path("total");
            if (input.canConvertToLong() || output.canConvertToLong()) {
                usage.add(new TokenUsage(entry.path("model_name").asText(""), Math.max(0, input.asLong(0)),
                        Math.max(0, output.asLong(0))));
            }
        }
        return List.copyOf(usage);
    }
}
