package dev.cortexgateway.cortex;

import java.util.List;
import java.util.Objects;

/**
 * What one agent run is asked: the conversation so far, oldest first, as Cortex roles
 * ({@code user}, {@code assistant}; the legacy format also takes {@code system}). Tool choice is
 * always {@code auto}.
 */
public record AgentRunInput(List<Message> messages) {

    public AgentRunInput {
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("an agent run needs at least one message");
        }
        messages = List.copyOf(messages);
    }

    public static AgentRunInput ofUserText(String text) {
        return new AgentRunInput(List.of(new Message("user", text)));
    }

    /** One turn: its role and its text. */
    public record Message(String role, String text) {

        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(text, "text");
        }
    }
}
