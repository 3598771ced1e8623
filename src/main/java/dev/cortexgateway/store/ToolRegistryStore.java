package dev.cortexgateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The tools clients may call: the built-in ones and those an admin registers at run time. */
public interface ToolRegistryStore extends StateStore {

    /**
     * Registers a tool, or replaces the kind, version and definition of one with the same name. A new
     * tool starts enabled; a replaced one keeps its switch, so re-registering never re-enables a tool
     * ops turned off.
     *
     * @param definition the tool's definition as JSON text
     */
    Tool save(String name, String kind, String version, String definition);

    Optional<Tool> find(String name);

    /** All tools by name, disabled ones included. */
    List<Tool> list();

    /** @return false when no tool has that name */
    boolean setEnabled(String name, boolean enabled);

    record Tool(String name, String kind, String version, String definition, boolean enabled,
                Instant createdAt, Instant updatedAt) {
    }
}
