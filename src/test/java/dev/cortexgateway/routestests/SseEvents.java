package dev.cortexgateway.routestests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a {@code text/event-stream} body as the HTML spec says: events end at a blank line,
 * {@code data:} lines join with newlines, comment lines (heartbeats) are skipped.
 */
final class SseEvents {

    record Event(String id, String event, String data) {
    }

    private SseEvents() {
    }

    static List<Event> parse(String body) throws IOException {
        List<Event> events = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new StringReader(body));
        String id = null;
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(id, event == null ? "message" : event, data.toString()));
                }
                id = null;
                event = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                    // retry: and unknown fields carry no event
                }
            }
        }
        if (data != null) {
            events.add(new Event(id, event == null ? "message" : event, data.toString()));
        }
        return events;
    }
}
