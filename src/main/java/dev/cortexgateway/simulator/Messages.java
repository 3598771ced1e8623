package dev.cortexgateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Validates the {@code messages} array that Agents and Analyst share, and reads the question: the
 * text items of the latest user message that has any (the last message must come from the user).
 * Content items of other types (tool results, tables, charts, thinking) are allowed and not read.
 */
final class Messages {

    private Messages() {
    }

    static String question(JsonNode body, Set<String> roles) {
        if (body == null || !body.isObject()) {
            throw SnowflakeError.badRequest("Request body must be a JSON object");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw SnowflakeError.badRequest("messages is required and must contain at least one message");
        }
        for (int i = 0; i < messages.size(); i++) {
            check(messages.get(i), i, roles);
        }
        JsonNode last = messages.get(messages.size() - 1);
        if (!"user".equals(last.get("role").asText())) {
            throw SnowflakeError.badRequest("The last message must have role user");
        }
        // a legacy follow-up turn carries only tool_results; it still answers the last question asked
        StringBuilder question = new StringBuilder();
        for (int i = messages.size() - 1; i >= 0 && question.isEmpty(); i--) {
            JsonNode message = messages.get(i);
            if (!"user".equals(message.get("role").asText())) {
                continue;
            }
            for (JsonNode item : message.get("content")) {
                if ("text".equals(item.get("type").asText()) && !item.get("text").asText().isBlank()) {
                    question.append(question.isEmpty() ? "" : "\n").append(item.get("text").asText());
                }
            }
        }
        if (question.isEmpty()) {
            throw SnowflakeError.badRequest("No user message contains a text item");
        }
        return question.toString();
    }

    private static void check(JsonNode message, int i, Set<String> roles) {
        String where = "messages[" + i + "]";
        if (!message.isObject() || !message.path("role").isTextual() || !roles.contains(message.get("role").asText())) {
            throw SnowflakeError.badRequest(where + ".role must be one of " + roles);
        }
        JsonNode content = message.get("content");
        if (content == null || !content.isArray() || content.isEmpty()) {
            throw SnowflakeError.badRequest(where + ".content must be a non-empty array");
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode item = content.get(j);
            if (!item.isObject() || !item.path("type").isTextual()) {
                throw SnowflakeError.badRequest(where + ".content[" + j + "].type is required");
            }
            if ("text".equals(item.get("type").asText()) && !item.path("text").isTextual()) {
                throw SnowflakeError.badRequest(where + ".content[" + j + "].text must be a string");
            }
        }
    }
}
