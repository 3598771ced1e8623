package dev.cortexgateway.tools.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool every gateway has, as its kind describes it; tools/BuiltInTools adds the argument schema,
 * the timeout and the {@code gateway.tools.disabled} switch.
 *
 * @param configured false while the upstream resource it needs (search service, semantic model) is not set:
 *                   the tool is then listed, but disabled
 * @param definition what the kind needs, {@code kind} included
 */
public record BuiltInTool(String name, String description, boolean configured, ObjectNode definition) {
}
