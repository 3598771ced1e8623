package dev.cortexgateway.tools.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the gateway knows of one tool kind, in one place: a Spring bean in the kind's own folder
 * ({@code tools/kinds/<kind>/}), found by {@link ToolKinds}. The kind's Java (its steps, its
 * definition checks, its limits) sits next to it, and its route pieces in
 * {@code routes/tools/<kind>.yaml}; docs/routes.md, "Adding a tool kind".
 */
public interface ToolKind {

    /** The kind as definitions and the API spell it ({@code "kind": "sql_template"}). */
    String name();

    /** Whether an admin may register tools of this kind: declarative definitions only, never code. */
    default boolean registrable() {
        return false;
    }

    /** The contract schema of the arguments when the kind fixes them; empty: the definition declares its parameters. */
    default Optional<String> argumentSchema() {
        return Optional.empty();
    }

    /**
     * Field errors ({field: JSON Pointer, message}) of a definition to register, beyond the
     * ToolRegistration schema; {@code declared} are the names under its {@code parameters}.
     */
    default List<Map<String, String>> validateDefinition(JsonNode definition, Set<String> declared) {
        return List.of();
    }

    /** What to do about a definition error, by the top-level field ({@code /sql}) it is in. */
    default Map<String, String> definitionHints() {
        return Map.of();
    }

    /** The largest answer a call may give, in bytes; empty when the kind has no byte cap of its own. */
    default OptionalLong maxResultBytes() {
        return OptionalLong.empty();
    }

    /** Who answers the kind's calls, as the GenAI metrics name it ({@code gen_ai.provider.name}). */
    default String provider() {
        return "snowflake";
    }

    /** Whether the kind's tools may call their host with the end user's OAuth token (toolauth). */
    default boolean actsForEndUser() {
        return false;
    }

    /** The parameters the tool route template (routes/tools/tool-pipeline.yaml) builds the kind's routes with. */
    ToolRoute route();

    /**
     * The name clients see for a tool a Cortex agent ran itself, when this kind's built-in tool is what
     * it ran; {@code cortexType} is Snowflake's tool type or tool name, lower-cased. Chat streams and
     * {@code /query} answers show the agent's tool use under this name; empty: not this kind's.
     */
    default Optional<String> toolForCortexType(String cortexType) {
        return Optional.empty();
    }

    /** The kind's built-in tool, when the gateway has one. */
    default Optional<BuiltInTool> builtIn() {
        return Optional.empty();
    }
}
