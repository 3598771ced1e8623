package dev.cortexgateway.tools.kinds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The tool kinds the gateway has: every {@link ToolKind} bean, in their {@code @Order}. Adding a kind
 * is adding one such bean in its own folder; nothing here names a kind.
 */
@Component
public final class ToolKinds {

    private final Map<String, ToolKind> byName = new LinkedHashMap<>();

    public ToolKinds(List<ToolKind> kinds) {
        for (ToolKind kind : kinds) {
            if (byName.putIfAbsent(kind.name(), kind) != null) {
                throw new IllegalStateException("two tool kinds are named " + kind.name());
            }
        }
    }

    public Optional<ToolKind> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** The kind of a tool the gateway has: a stored tool names a kind this gateway knows. */
    public ToolKind of(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("no tool kind is named " + name));
    }

    /**
     * The client contract's name for a tool a Cortex agent ran itself (Snowflake's type or name), asked
     * of each kind in order; null when no kind shows it.
     */
    public String toolForCortexType(String cortexType) {
        String type = cortexType.toLowerCase(Locale.ROOT);
        for (ToolKind kind : byName.values()) {
            Optional<String> tool = kind.toolForCortexType(type);
            if (tool.isPresent()) {
                return tool.get();
            }
        }
        return null;
    }

    public List<ToolKind> all() {
        return List.copyOf(byName.values());
    }

    /** The kinds an admin may register, in order. */
    public List<ToolKind> registrable() {
        return byName.values().stream().filter(ToolKind::registrable).toList();
    }
}
