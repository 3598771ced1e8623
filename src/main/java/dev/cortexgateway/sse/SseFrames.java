package dev.cortexgateway.sse;

import java.time.Duration;

/**
 * The text of the SSE wire format (WHATWG HTML, "Server-sent events") as the gateway writes it:
 * one {@code field: value} line per field, a blank line ending each event. Pure functions, so the
 * exact bytes a client sees are pinned by unit tests.
 */
public final class SseFrames {

    /** What a stream sends after {@code gateway.sse.heartbeat-interval} without output. */
    public static final String HEARTBEAT = comment("heartbeat");

    private SseFrames() {
    }

    /** {@code retry: <ms>}: how long an EventSource waits before it reconnects. */
    public static String retry(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("retry must not be negative");
        }
        return "retry: " + delay.toMillis() + "\n\n";
    }

    /** A comment line: clients ignore it, proxies and TCP see traffic. */
    public static String comment(String text) {
        requireSingleLine("comment", text);
        return ": " + text + "\n\n";
    }

    /**
     * One event. {@code data} is serialized JSON; should it contain line breaks (pretty-printed
     * JSON), each line becomes its own {@code data:} line, which clients join back with a newline,
     * so the client receives exactly {@code data} either way.
     */
    public static String event(String id, String name, String data) {
        requireSingleLine("id", id);
        requireSingleLine("event", name);
        if (id.indexOf('\0') >= 0) {
            // the spec makes clients ignore an id with NUL, which would break Last-Event-ID resume
            throw new IllegalArgumentException("SSE id must not contain NUL");
        }
        StringBuilder frame = new StringBuilder(data.length() + id.length() + name.length() + 24)
                .append("id: ").append(id).append('\n')
                .append("event: ").append(name).append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        return frame.append('\n').toString();
    }

    /**
     * A bare {@code data:} event, no id and no event name: what OpenAI's SSE clients read (each
     * {@code chat.completion.chunk}, then {@code [DONE]}).
     */
    public static String data(String data) {
        requireSingleLine("data", data);
        return "data: " + data + "\n\n";
    }

    /**
     * An event without an {@code id:} line, led by a {@code retry:} line: a client keeps the
     * Last-Event-ID it had (an id here would replace it) and reconnects after {@code retry}.
     */
    public static String unidentified(String name, String data, Duration retry) {
        requireSingleLine("event", name);
        requireSingleLine("data", data);
        String retryLine = retry(retry);
        // one frame: the retry field and the event are dispatched together
        return retryLine.substring(0, retryLine.length() - 1) + "event: " + name + "\n" + "data: " + data + "\n\n";
    }

    private static void requireSingleLine(String field, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            // a line break would end the field early and let the rest be read as other fields
            throw new IllegalArgumentException("SSE " + field + " must be a single line");
        }
    }
}
