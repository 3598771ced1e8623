package dev.cortexgateway.simulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fault and shape directives written into the last user message, e.g.
 * {@code [[sim:slow delayMs=200]] [[sim:stall after=5 seconds=130]]}; several may be combined.
 * They are removed from the text the simulator answers. A directive the simulator does not know,
 * or a bad value, is a 400: a test that misspells its scenario should fail loudly, not pass on
 * the default behaviour.
 *
 * @param delay       pause between events ({@code slow delayMs}), null for the configured default
 * @param textDeltas  number of {@code response.text.delta} events ({@code long events})
 * @param stallAfter  events sent before going silent ({@code stall after}); null for no stall
 * @param stall       length of the silence ({@code stall seconds})
 * @param dropAfter   events sent before the connection is cut ({@code drop after})
 * @param errorAfter  events sent before the in-stream {@code error} event ({@code error after})
 * @param status      HTTP status answered instead of a stream ({@code status code})
 * @param retryAfter  {@code Retry-After} seconds with {@code status}
 * @param tool        forced tool flow: search, analyst, sql or chart ({@code tools tool})
 * @param wire        a documented wire variant instead of the usual one ({@code wire variant}):
 *                    {@code search-results} (search results under {@code results} with {@code source_url}),
 *                    {@code search-no-url} (search results without a URL), {@code analyst-suggestion}
 *                    (Analyst's suggestions item typed {@code suggestion})
 */
record Scenario(Duration delay, Integer textDeltas, Integer stallAfter, Duration stall, Integer dropAfter,
                Integer errorAfter, Integer status, Integer retryAfter, String tool, String wire) {

    /** The question without its directives, and the scenario they describe. */
    record Parsed(String text, Scenario scenario) {
    }

    static final Scenario NONE = new Scenario(null, null, null, null, null, null, null, null, null, null);

    private static final Pattern DIRECTIVE = Pattern.compile("\\[\\[sim:([a-z]+)((?:\\s+[A-Za-z]+=[^\\s\\]]+)*)\\s*]]");
    private static final Pattern PARAM = Pattern.compile("([A-Za-z]+)=([^\\s\\]]+)");
    private static final Set<String> TOOLS = Set.of("search", "analyst", "sql", "chart");
    private static final Set<String> WIRES = Set.of("search-results", "search-no-url", "analyst-suggestion");
    private static final int MAX_EVENTS = 100_000;

    static Parsed parse(String text) {
        Matcher m = DIRECTIVE.matcher(text);
        Scenario s = NONE;
        StringBuilder rest = new StringBuilder();
        while (m.find()) {
            Map<String, String> params = new HashMap<>();
            Matcher p = PARAM.matcher(m.group(2));
            while (p.find()) {
                params.put(p.group(1), p.group(2));
            }
            s = s.with(m.group(1), params);
            m.appendReplacement(rest, "");
        }
        m.appendTail(rest);
        if (rest.indexOf("[[sim:") >= 0) {
            throw SnowflakeError.badRequest("Malformed simulator directive");
        }
        return new Parsed(rest.toString().replaceAll("\\s+", " ").strip(), s);
    }

    private Scenario with(String name, Map<String, String> p) {
        return switch (name) {
            case "slow" -> new Scenario(Duration.ofMillis(number(p, "delayMs", 200, 0, 600_000)),
                    p.containsKey("events") ? Integer.valueOf(number(p, "events", 0, 1, MAX_EVENTS)) : textDeltas,
                    stallAfter, stall, dropAfter, errorAfter, status, retryAfter, tool, wire);
            case "long" -> new Scenario(delay, number(p, "events", 200, 1, MAX_EVENTS), stallAfter, stall, dropAfter,
                    errorAfter, status, retryAfter, tool, wire);
            case "stall" -> new Scenario(delay, textDeltas, number(p, "after", 3, 0, MAX_EVENTS),
                    Duration.ofSeconds(number(p, "seconds", 130, 0, 86_400)), dropAfter, errorAfter, status,
                    retryAfter, tool, wire);
            case "drop" -> new Scenario(delay, textDeltas, stallAfter, stall, number(p, "after", 3, 0, MAX_EVENTS),
                    errorAfter, status, retryAfter, tool, wire);
            case "error" -> new Scenario(delay, textDeltas, stallAfter, stall, dropAfter,
                    number(p, "after", 3, 0, MAX_EVENTS), status, retryAfter, tool, wire);
            case "status" -> new Scenario(delay, textDeltas, stallAfter, stall, dropAfter, errorAfter,
                    number(p, "code", 503, 400, 599),
                    p.containsKey("retryAfter") ? Integer.valueOf(number(p, "retryAfter", 0, 0, 86_400)) : null, tool, wire);
            case "tools" -> {
                String forced = p.getOrDefault("tool", "");
                if (!TOOLS.contains(forced)) {
                    throw SnowflakeError.badRequest("[[sim:tools]] needs tool=search|analyst|sql|chart");
                }
                yield new Scenario(delay, textDeltas, stallAfter, stall, dropAfter, errorAfter, status, retryAfter, forced, wire);
            }
            case "wire" -> {
                String variant = p.getOrDefault("variant", "");
                if (!WIRES.contains(variant)) {
                    throw SnowflakeError.badRequest("[[sim:wire]] needs variant=search-results|search-no-url|analyst-suggestion");
                }
                yield new Scenario(delay, textDeltas, stallAfter, stall, dropAfter, errorAfter, status, retryAfter, tool, variant);
            }
            default -> throw SnowflakeError.badRequest("Unknown simulator directive [[sim:" + name + "]]");
        };
    }

    private static int number(Map<String, String> params, String key, int fallback, int min, int max) {
        String value = params.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw SnowflakeError.badRequest("Simulator directive value " + key + " must be within " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw SnowflakeError.badRequest("Simulator directive value " + key + " must be a number");
        }
    }
}
