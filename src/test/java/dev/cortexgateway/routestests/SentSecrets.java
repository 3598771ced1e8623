package dev.cortexgateway.routestests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The credentials a request carries, which the gateway must never log: the {@code Authorization}
 * header (whole, its credential after the scheme and, for Basic, the decoded secret), and every
 * {@code client_secret}, {@code password}, {@code token}, {@code access_token} or
 * {@code refresh_token} value in the query string, a form body or a JSON body (at any depth).
 * Values shorter than {@value #MIN_LENGTH} characters are left out: they would be found in the log
 * by chance.
 */
final class SentSecrets {

    static final int MIN_LENGTH = 6;
    static final Set<String> SECRET_FIELDS = Set.of("client_secret", "password", "token", "access_token", "refresh_token");

    private static final ObjectMapper JSON = new ObjectMapper();

    private SentSecrets() {
    }

    static Set<String> of(String pathAndQuery, Map<String, String> headers, byte[] body) {
        Set<String> out = new LinkedHashSet<>();
        headers.forEach((name, value) -> {
            if ("Authorization".equalsIgnoreCase(name)) {
                authorization(value, out);
            }
        });
        int query = pathAndQuery.indexOf('?');
        if (query >= 0) {
            form(pathAndQuery.substring(query + 1), out);
        }
        if (body != null) {
            String text = new String(body, StandardCharsets.UTF_8);
            try {
                json(JSON.readTree(text), out);
            } catch (Exception notJson) {
                form(text, out);
            }
        }
        out.removeIf(secret -> secret.length() < MIN_LENGTH);
        return out;
    }

    private static void authorization(String value, Set<String> out) {
        out.add(value);
        int space = value.indexOf(' ');
        if (space < 0) {
            return;
        }
        String credential = value.substring(space + 1).trim();
        out.add(credential);
        if (value.regionMatches(true, 0, "Basic", 0, 5)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                out.add(colon < 0 ? decoded : decoded.substring(colon + 1));
            } catch (IllegalArgumentException notBase64) {
                // a malformed Basic credential is still checked as sent
            }
        }
    }

    private static void form(String text, Set<String> out) {
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && SECRET_FIELDS.contains(decode(pair.substring(0, eq)))) {
                out.add(pair.substring(eq + 1));
                out.add(decode(pair.substring(eq + 1)));
            }
        }
    }

    private static void json(JsonNode node, Set<String> out) {
        if (node == null) {
            return;
        }
        node.fields().forEachRemaining(field -> {
            if (SECRET_FIELDS.contains(field.getKey()) && field.getValue().isValueNode()) {
                out.add(field.getValue().asText());
            } else {
                json(field.getValue(), out);
            }
        });
        if (node.isArray()) {
            node.forEach(item -> json(item, out));
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
