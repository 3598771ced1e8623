package dev.cortexgateway.cortex;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Incremental Server-Sent Events parser (the WHATWG event-stream format) over raw bytes as they
 * arrive: a chunk may end anywhere, inside a UTF-8 sequence or between CR and LF. Lines end with LF,
 * CR or CRLF; {@code event:} names the event, {@code data:} lines are joined with {@code \n}, a blank
 * line dispatches, lines starting with {@code :} are comments. {@code id:} and {@code retry:} are
 * ignored (the adapter does not reconnect). An event still open at end of stream is dropped, as the
 * format says: it may be cut off.
 */
final class SseParser {

    /** One dispatched event; {@code name} is {@code message} when the stream did not name it. */
    record Event(String name, String data) {
    }

    /** Receives events; returns false to stop the parser (nothing more is dispatched). */
    @FunctionalInterface
    interface Sink {
        boolean accept(Event event);
    }

    /** A line longer than this is not an SSE stream we can hold in memory. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private final Sink sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private boolean afterCr;
    private boolean firstLine = true;
    private boolean hasData;
    private String eventName;
    private boolean stopped;

    SseParser(Sink sink) {
        this.sink = sink;
    }

    /** Feeds the next bytes; returns false once the sink has stopped the parser. */
    boolean feed(ByteBuffer bytes) {
        while (!stopped && bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == '\n') {
                if (afterCr) {
                    afterCr = false;
                } else {
                    endLine();
                }
            } else if (b == '\r') {
                afterCr = true;
                endLine();
            } else {
                afterCr = false;
                if (line.size() >= MAX_LINE_BYTES) {
                    throw new IllegalStateException("SSE line longer than " + MAX_LINE_BYTES + " bytes");
                }
                line.write(b);
            }
        }
        return !stopped;
    }

    boolean feed(byte[] bytes) {
        return feed(ByteBuffer.wrap(bytes));
    }

    boolean stopped() {
        return stopped;
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> eventName = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            default -> {
                // id, retry and unknown fields carry nothing the adapter uses
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            String name = eventName == null || eventName.isEmpty() ? "message" : eventName;
            Event event = new Event(name, data.toString());
            data.setLength(0);
            hasData = false;
            eventName = null;
            if (!sink.accept(event)) {
                stopped = true;
            }
        } else {
            eventName = null;
        }
    }
}
