package dev.cortexgateway.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The SSE frames of one run, already encoded, plus where its terminal event sits, so that a
 * {@code drop} or {@code error} scenario always cuts the stream before the terminal event.
 *
 * @param frames        complete frames ({@code event: x\ndata: {...}\n\n})
 * @param terminalIndex index of the frame that tells the client the run finished
 * @param errorFrame    the in-stream error frame used by the {@code error} scenario
 */
record StreamScript(List<String> frames, int terminalIndex, String errorFrame) {

    /** Collects frames in order; data is written on one line, as Snowflake does. */
    static final class Builder {
        private final ObjectMapper json;
        private final List<String> frames = new ArrayList<>();
        private int terminalIndex = -1;

        Builder(ObjectMapper json) {
            this.json = json;
        }

        Builder event(String name, JsonNode data) {
            frames.add(frame(json, name, data));
            return this;
        }

        /** The event that ends the run; only the first one counts. */
        Builder terminal(String name, JsonNode data) {
            if (terminalIndex < 0) {
                terminalIndex = frames.size();
            }
            return event(name, data);
        }

        Builder raw(String frame) {
            frames.add(frame);
            return this;
        }

        Builder terminalRaw(String frame) {
            if (terminalIndex < 0) {
                terminalIndex = frames.size();
            }
            return raw(frame);
        }

        StreamScript build(String errorFrame) {
            return new StreamScript(List.copyOf(frames), terminalIndex < 0 ? frames.size() - 1 : terminalIndex, errorFrame);
        }
    }

    static String frame(ObjectMapper json, String name, JsonNode data) {
        try {
            return (name == null ? "" : "event: " + name + "\n") + "data: " + json.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("simulator event does not serialize", e);
        }
    }
}
