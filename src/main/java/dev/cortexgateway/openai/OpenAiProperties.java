package dev.cortexgateway.openai;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenAI-compatible door, {@code /v1/chat/completions} and {@code /v1/models} (docs/openai.md).
 *
 * @param modelId the model id {@code GET /v1/models} lists and {@code POST /v1/chat/completions}
 *                accepts for the configured Cortex agent; empty: the agent's orchestration model
 *                ({@code gateway.cortex.agent.model}) in inline mode, the agent object's name in object mode
 * @param ownedBy the {@code owned_by} of that model
 */
@ConfigurationProperties("gateway.openai")
public record OpenAiProperties(String modelId, @DefaultValue("snowflake-cortex") String ownedBy) {
}
