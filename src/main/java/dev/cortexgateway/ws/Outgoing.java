package dev.cortexgateway.ws;

import java.nio.charset.StandardCharsets;

/** A text message ready for the wire, with its size in UTF-8 bytes (what the queue bound counts). */
record Outgoing(String text, int bytes) {

    static Outgoing of(String text) {
        return new Outgoing(text, text.getBytes(StandardCharsets.UTF_8).length);
    }
}
