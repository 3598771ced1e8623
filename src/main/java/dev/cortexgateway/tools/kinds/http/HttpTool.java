package dev.cortexgateway.tools.kinds.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.config.InvalidSettingException;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.tools.ToolProperties;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The request of admin-registered {@code http} tools: one call to an allow-listed URL template,
 * e.g. {@code https://status.example.com/api/{region}/summary}. Arguments fill the placeholders and,
 * for POST, form the JSON body. routes/tools/http.yaml sends it with Camel's HTTP component, following
 * no redirect and reading at most {@code gateway.tools.http.max-response-bytes} of the answer, so a
 * tool cannot be turned into a way to reach other hosts or fill memory.
 *
 * <p>The allow-list ({@code gateway.tools.http.allowed-hosts}) names origins: scheme, host and port
 * ({@code https://api.example.com:443}; without a port, the scheme's default). A bare host fails
 * start-up: it would say nothing of the scheme or port, and a host's other ports are often its
 * admin or metrics endpoints. Port 0 names this gateway's own port once its web server has started
 * (the port a test on a random port only learns then; 0 can never be dialled, so it cannot mean
 * another port).
 *
 * <p>A placeholder's value is percent-encoded (all but RFC 3986's unreserved characters, so
 * {@code /}, {@code ?}, {@code #}, {@code %} and {@code \} are data), and a path value that is, or
 * decodes to, a dot segment ({@code .}, {@code ..}, {@code %2e%2e}, {@code a/../b}) is refused with 400
 * TOOL_ARGUMENT_INVALID: an upstream that decodes {@code %2F} or {@code %2E} would otherwise let a
 * caller walk out of the template's path. The filled-in URL is checked once more: same scheme, host
 * and port as the template, and its path, decoded and normalised at every decoding depth, still
 * under the template's fixed prefix (the path up to the first placeholder's segment).
 */
@Component("httpTool")
public final class HttpTool implements ApplicationListener<WebServerInitializedEvent> {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final String SETTING = "gateway.tools.http.allowed-hosts";

    private final ToolProperties.Http limits;
    private final List<Origin> allowed;
    private volatile int ownPort;

    public HttpTool(ToolProperties properties) {
        this.limits = properties.http();
        List<Origin> origins = new ArrayList<>();
        for (int i = 0; i < limits.allowedHosts().size(); i++) {
            origins.add(Origin.setting(SETTING + "[" + i + "]", limits.allowedHosts().get(i)));
        }
        this.allowed = List.copyOf(origins);
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // the management server, when it has a port of its own, is not the API
        if (event.getApplicationContext().getServerNamespace() == null) {
            ownPort = event.getWebServer().getPort();
        }
    }

    /** An allow-list entry or a URL's scheme, host and port (the port made explicit). */
    record Origin(String scheme, String host, int port) {

        static Origin of(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            return new Origin(scheme, host, port);
        }

        static Origin setting(String setting, String entry) {
            String hint = "Write an origin: scheme, host and port, e.g. https://api.example.com:443 or http://127.0.0.1:8080";
            if (entry == null || !entry.contains("://")) {
                throw new InvalidSettingException(setting, "'" + entry + "' is a bare host; an entry names scheme, host and port", hint);
            }
            URI uri;
            try {
                uri = new URI(entry.trim());
            } catch (URISyntaxException e) {
                throw new InvalidSettingException(setting, "'" + entry + "' is not a URL", hint);
            }
            Origin origin = of(uri);
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (!(origin.scheme.equals("http") || origin.scheme.equals("https")) || origin.host.isEmpty() || !bare) {
                throw new InvalidSettingException(setting, "'" + entry + "' is not an http(s) origin (scheme://host:port, no path)", hint);
            }
            return origin;
        }

        @Override
        public String toString() {
            return scheme + "://" + host + ":" + port;
        }
    }

    /** Field errors of an http tool definition: the URL template, its host, its placeholders. */
    public List<Map<String, String>> validateDefinition(JsonNode definition) {
        List<Map<String, String>> errors = new ArrayList<>();
        String template = definition.path("url").asText("");
        URI uri;
        try {
            uri = URI.create(PLACEHOLDER.matcher(template).replaceAll("x"));
        } catch (IllegalArgumentException e) {
            errors.add(error("/url", "is not a URL template"));
            return errors;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            errors.add(error("/url", "must be an http or https URL"));
        }
        if (uri.getRawUserInfo() != null) {
            errors.add(error("/url", "must not carry credentials"));
        }
        if (uri.getHost() == null || !allowed(uri)) {
            errors.add(error("/url", "scheme, host and port " + Origin.of(uri) + " are not in " + SETTING + " " + limits.allowedHosts()));
        }
        if (uri.getRawPath() != null && hasDotSegment(uri.getRawPath())) {
            errors.add(error("/url", "the path must not hold . or .. segments"));
        }
        if (uri.getRawFragment() != null) {
            errors.add(error("/url", "must not have a fragment"));
        }
        if (uri.getRawAuthority() != null && PLACEHOLDER.matcher(authorityOf(template)).find()) {
            errors.add(error("/url", "placeholders may appear in the path and query only"));
        }
        Set<String> declared = new HashSet<>();
        definition.path("parameters").fieldNames().forEachRemaining(declared::add);
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!declared.contains(m.group(1))) {
                errors.add(error("/url", "uses {" + m.group(1) + "}, which is not declared in parameters"));
            }
        }
        return errors;
    }

    /**
     * What routes/tools/http.yaml sends: the URL, the method, for a POST the arguments as a JSON body,
     * and the end user's bearer token when the tool has an oauth provider.
     *
     * @param authorization {@code Bearer <token>}, or null: no header
     * @param contentType   {@code application/json} for a POST, else null: no header
     * @param body          the JSON body of a POST, else null
     */
    public record Request(String url, String method, String authorization, String contentType, String body) {

        @Override
        public String toString() {
            // never the token or the body in a log line or an error
            return method + " request to an http tool";
        }
    }

    /**
     * The request step (routes/tools/http.yaml): the tool's URL template filled with the call's
     * arguments and checked (allow-list, the template's origin and path), for the route to send.
     * {@code bearer} is the end user's token when the tool has an oauth provider
     * (toolauth/ToolTokens, the prepare step), else null.
     */
    public Request request(JsonNode definition, JsonNode args, String bearer) {
        String template = definition.path("url").asText();
        URI uri = expand(template, args, definition.path("parameters"));
        if (!allowed(uri)) {
            // the allow-list may have shrunk since the tool was registered
            throw new GatewayException(ErrorCode.FORBIDDEN, "The tool's host is no longer allowed",
                    "Ask an admin to update " + SETTING + " or the tool", Map.of());
        }
        String authorization = null;
        if (bearer != null) {
            // expand() already keeps the template's origin; checked again here because this is the token
            if (!Origin.of(uri).equals(Origin.of(URI.create(PLACEHOLDER.matcher(template).replaceAll("x"))))) {
                throw invalidArgument(null, "would change the URL's scheme, host or port");
            }
            authorization = "Bearer " + bearer;
        }
        boolean post = "POST".equalsIgnoreCase(definition.path("method").asText("GET"));
        return post ? new Request(uri.toASCIIString(), "POST", authorization, "application/json", args.toString())
                : new Request(uri.toASCIIString(), "GET", authorization, null, null);
    }

    /** The template filled in; refuses (400 TOOL_ARGUMENT_INVALID) a value that would move the URL off the template. */
    URI expand(String template, JsonNode args, JsonNode parameters) {
        int pathEnd = pathEnd(template);
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            JsonNode value = args.has(name) ? args.get(name) : parameters.path(name).path("default");
            String text = value.isMissingNode() || value.isNull() ? "" : value.asText();
            if (m.start() < pathEnd && isDotSegment(text)) {
                throw invalidArgument(name, "must not be . or .. (it would move the path out of the tool's URL)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(encode(text)));
        }
        m.appendTail(out);
        URI filled;
        try {
            filled = new URI(out.toString());
        } catch (URISyntaxException e) {
            throw invalidArgument(null, "does not make a valid URL");
        }
        URI fixed = URI.create(PLACEHOLDER.matcher(template).replaceAll("x"));
        if (!Origin.of(filled).equals(Origin.of(fixed))) {
            throw invalidArgument(null, "would change the URL's scheme, host or port");
        }
        String prefix = fixedPrefix(template);
        String path = filled.getRawPath() == null ? "" : filled.getRawPath();
        // an upstream may decode once or more before it resolves dot segments: check every depth
        for (int depth = 0; depth < 4; depth++) {
            if (hasDotSegment(path) || !normalize(path).startsWith(prefix)) {
                throw invalidArgument(null, "would move the path out of the tool's URL");
            }
            String decoded = decode(path);
            if (decoded.equals(path)) {
                break;
            }
            path = decoded;
        }
        return filled;
    }

    /** Percent-encodes all but RFC 3986's unreserved characters, in UTF-8. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** True when {@code value}, decoded any number of times, is {@code .} or {@code ..} or holds such a segment. */
    private static boolean isDotSegment(String value) {
        String v = value;
        for (int depth = 0; depth < 4; depth++) {
            if (hasDotSegment("/" + v.replace('\\', '/') + "/")) {
                return true;
            }
            String decoded = decode(v);
            if (decoded.equals(v)) {
                return false;
            }
            v = decoded;
        }
        return true;
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.replace('\\', '/').split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Resolves dot segments the way an upstream would (RFC 3986 5.2.4), backslashes read as slashes. */
    private static String normalize(String path) {
        Deque<String> kept = new ArrayDeque<>();
        String[] segments = path.replace('\\', '/').split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals("..")) {
                if (kept.size() > 1) {
                    kept.removeLast();
                }
            } else if (!segment.equals(".")) {
                kept.addLast(segment);
            }
        }
        return String.join("/", kept);
    }

    /** One percent-decoding (invalid escapes left as they are). */
    private static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The template's path up to the segment of its first placeholder (all of it when the path has none). */
    private static String fixedPrefix(String template) {
        String path = URI.create(PLACEHOLDER.matcher(template).replaceAll("x")).getRawPath();
        int start = template.indexOf("://");
        int pathStart = template.indexOf('/', start < 0 ? 0 : start + 3);
        Matcher m = PLACEHOLDER.matcher(template);
        if (pathStart < 0 || !m.find() || m.start() >= pathEnd(template)) {
            return normalize(path == null ? "" : path);
        }
        String before = template.substring(pathStart, m.start());
        return normalize(before.substring(0, before.lastIndexOf('/') + 1));
    }

    /** Where the template's path ends: at its query or fragment. */
    private static int pathEnd(String template) {
        int end = template.length();
        for (char c : new char[] {'?', '#'}) {
            int at = template.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return end;
    }

    private static GatewayException invalidArgument(String parameter, String problem) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (parameter != null) {
            details.put("parameter", parameter);
        }
        return new GatewayException(ErrorCode.TOOL_ARGUMENT_INVALID,
                (parameter == null ? "The arguments " : "The argument '" + parameter + "' ") + problem,
                "Pass plain values: a placeholder is one path segment or one query value", details);
    }

    private boolean allowed(URI uri) {
        if (uri.getHost() == null) {
            return false;
        }
        Origin target = Origin.of(uri);
        int own = ownPort;
        return allowed.stream().anyMatch(entry -> entry.equals(target)
                || entry.port() == 0 && own > 0 && new Origin(entry.scheme(), entry.host(), own).equals(target));
    }

    private static String authorityOf(String template) {
        int start = template.indexOf("://");
        if (start < 0) {
            return "";
        }
        int end = template.indexOf('/', start + 3);
        return end < 0 ? template.substring(start + 3) : template.substring(start + 3, end);
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
