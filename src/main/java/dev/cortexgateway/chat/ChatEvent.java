package dev.cortexgateway.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One event of the client contract: {@code type} is also the SSE event name, {@code data} its JSON. */
public record ChatEvent(String type, ObjectNode data) {
}
