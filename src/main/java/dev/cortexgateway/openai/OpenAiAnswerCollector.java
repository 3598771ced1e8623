package dev.cortexgateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.chat.ChatEventWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * A non-streaming completion: reads the run's chat events like any stream reader, and answers once,
 * at the {@code final} event with the whole {@code chat.completion}, or at the {@code error} event with
 * OpenAI's error and the error's status.
 */
final class OpenAiAnswerCollector implements ChatEventWriter {

    private final ObjectMapper json;
    private final OpenAiCompletions completions;
    private final OpenAiErrors errors;
    private final BiConsumer<Integer, String> answer;
    private final AtomicBoolean answered = new AtomicBoolean();

    /** @param answer told the status and body, once */
    OpenAiAnswerCollector(ObjectMapper json, OpenAiCompletions completions, OpenAiErrors errors,
                          BiConsumer<Integer, String> answer) {
        this.json = json;
        this.completions = completions;
        this.errors = errors;
        this.answer = answer;
    }

    @Override
    public boolean write(String id, String type, String data) {
        switch (type) {
            case "final" -> answer(200, completions.completion(parse(data)).toString());
            case "error" -> {
                JsonNode event = parse(data);
                int status = OpenAiChunkWriter.status(event);
                answer(status, errors.fromErrorEvent(status, event).toString());
            }
            default -> {
                // tokens and tool call changes: the final event carries them all
            }
        }
        return true;
    }

    /** The run's events stopped before a final or error event (the run was cut off): answered as a 503. */
    void ended(String unansweredBody) {
        answer(503, unansweredBody);
    }

    private void answer(int status, String body) {
        if (answered.compareAndSet(false, true)) {
            answer.accept(status, body);
        }
    }

    private JsonNode parse(String data) {
        try {
            return json.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException("stored chat event is not JSON", e);
        }
    }
}
