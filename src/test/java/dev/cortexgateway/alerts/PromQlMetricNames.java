package dev.cortexgateway.alerts;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, by a small tokenizer rather than a parser: it drops
 * string literals, {@code #} comments, label matchers ({@code {...}}), grouping and matching clauses ({@code by (...)},
 * {@code on (...)}...), range and subquery brackets, then keeps every identifier that is neither a
 * keyword nor followed by {@code (} (a function or aggregation).
 *
 * <p>Limits, fine for the rule file it serves: a selector written only as {@code {__name__="x"}} is
 * not seen; a metric named like a keyword ({@code and}, {@code bool}...) would be skipped; nested
 * parentheses inside a grouping clause are not understood (PromQL allows none); {@code offset}
 * durations and numbers are skipped because they start with a digit.
 */
final class PromQlMetricNames {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQlMetricNames() {
    }

    static Set<String> of(String expr) {
        String bare = expr
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`", " ")
                .replaceAll("#[^\n]*", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\[[^]]*]", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String word = m.group();
            boolean called = bare.substring(m.end()).matches("(?s)\\s*\\(.*");
            if (!called && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }
}
