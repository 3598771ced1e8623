package dev.cortexgateway.cortex;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A fully qualified Snowflake object name, {@code DATABASE.SCHEMA.NAME}. Each part is kept as
 * written: unquoted ({@code [A-Za-z_][A-Za-z0-9_$]*}, which Snowflake resolves case-insensitively)
 * or double-quoted ({@code "My Db"}, {@code ""} for a quote inside), because that is how the
 * REST API's path parameters take identifiers; {@link #path()} percent-encodes them.
 */
public record SnowflakeName(String database, String schema, String name) {

    private static final Pattern UNQUOTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final int MAX_PART = 255;

    /** The name when {@code text} is exactly three parts, nothing before or after. */
    public static Optional<SnowflakeName> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        int end = parts(text, 0, parts);
        if (end != text.length() || parts.size() != 3) {
            return Optional.empty();
        }
        return Optional.of(new SnowflakeName(parts.get(0), parts.get(1), parts.get(2)));
    }

    /**
     * Reads dot-separated identifier parts of {@code text} from {@code from} into {@code parts} and
     * returns the index after the last one: a quoted part may hold dots and slashes, so a caller
     * finds where a name ends (e.g. a stage before its file path) only this way. -1 when a part is
     * malformed.
     */
    public static int parts(String text, int from, List<String> parts) {
        int i = from;
        while (true) {
            int end = text.startsWith("\"", i) ? quotedEnd(text, i) : unquotedEnd(text, i);
            if (end < 0 || end - i > MAX_PART + 2) {
                return -1;
            }
            parts.add(text.substring(i, end));
            if (end < text.length() && text.charAt(end) == '.') {
                i = end + 1;
            } else {
                return end;
            }
        }
    }

    /** The service's REST path prefix, {@code /api/v2/databases/{db}/schemas/{schema}}. */
    public String schemaPath() {
        return "/api/v2/databases/" + CortexEndpoints.segment(database) + "/schemas/" + CortexEndpoints.segment(schema);
    }

    public String encodedName() {
        return CortexEndpoints.segment(name);
    }

    @Override
    public String toString() {
        return database + "." + schema + "." + name;
    }

    private static int quotedEnd(String text, int start) {
        int i = start + 1;
        while (i < text.length()) {
            if (text.charAt(i) == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    i += 2;
                    continue;
                }
                return i == start + 1 ? -1 : i + 1;
            }
            i++;
        }
        return -1;
    }

    private static int unquotedEnd(String text, int start) {
        var m = UNQUOTED.matcher(text).region(start, text.length());
        return m.lookingAt() ? m.end() : -1;
    }
}
