package dev.cortexgateway.simulator;

import java.util.ArrayList;
import java.util.List;

/** Splits an answer into token-like deltas whose concatenation is exactly the streamed text. */
final class TextChunks {

    private static final int WORDS_PER_DELTA = 3;

    private TextChunks() {
    }

    /** The text to stream for {@code wanted} deltas: the answer, repeated when it has fewer words than deltas. */
    static String fill(String text, Integer wanted) {
        if (wanted == null || text.isBlank()) {
            return text;
        }
        StringBuilder filled = new StringBuilder(text);
        while (words(filled.toString()).size() < wanted) {
            filled.append(' ').append(text);
        }
        return filled.toString();
    }

    /** {@code wanted} deltas (or about three words each when null); empty text still gives one delta. */
    static List<String> split(String text, Integer wanted) {
        List<String> words = words(text);
        int count = wanted != null ? wanted : Math.max(1, (words.size() + WORDS_PER_DELTA - 1) / WORDS_PER_DELTA);
        List<String> chunks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = (int) ((long) i * words.size() / count);
            int to = (int) ((long) (i + 1) * words.size() / count);
            chunks.add(String.join("", words.subList(from, to)));
        }
        return chunks;
    }

    /** Words with their trailing whitespace, so joining them gives the text back. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text.isEmpty()) {
            return words;
        }
        for (String word : text.split("(?<=\\s)(?=\\S)")) {
            words.add(word);
        }
        return words;
    }
}
