package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.metrics.UpstreamClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The dispatch step of admin-registered {@code http} tools: one call to an allow-listed URL template,
 * e.g. {@code https://status.example.com/api/{region}/summary}. Arguments fill the placeholders
 * (URL-encoded) and, for POST, form the JSON body. No redirects are followed and the answer is
 * capped, so a tool cannot be turned into a way to reach other hosts or fill memory.
 */
@Component("httpTool")
public final class HttpTool {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final ToolProperties.Http limits;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public HttpTool(ToolProperties properties, ObjectMapper json) {
        this.limits = properties.http();
        this.json = json;
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
        if (uri.getHost() == null || !allowed(uri.getHost())) {
            errors.add(error("/url", "host is not in gateway.tools.http.allowed-hosts " + limits.allowedHosts()));
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

    /** Calls the tool's URL; the answer becomes {@code {status, contentType, body}}. */
    public ObjectNode call(Exchange exchange) {
        JsonNode definition = exchange.getProperty(ToolArguments.DEFINITION, JsonNode.class);
        JsonNode args = exchange.getProperty(ToolArguments.ARGUMENTS, JsonNode.class);
        Duration timeout = exchange.getProperty(ToolArguments.TIMEOUT, Duration.class);
        URI uri = expand(definition.path("url").asText(), args, definition.path("parameters"));
        if (!allowed(uri.getHost())) {
            // the allow-list may have shrunk since the tool was registered
            throw new GatewayException(ErrorCode.FORBIDDEN, "The tool's host is no longer allowed",
                    "Ask an admin to update gateway.tools.http.allowed-hosts or the tool", Map.of());
        }
        boolean post = "POST".equalsIgnoreCase(definition.path("method").asText("GET"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json, text/plain;q=0.5")
                .header("User-Agent", "cortex-gateway-tool");
        if (post) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(args.toString()));
        } else {
            request.GET();
        }
        CompletableFuture<HttpResponse<InputStream>> sent = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (CancelScope.Registration ignored = CancelScope.current().onCancel(() -> sent.cancel(true))) {
            HttpResponse<InputStream> response;
            byte[] body;
            try (UpstreamClock.Lap waiting = UpstreamClock.lap()) {
                response = sent.get();
                body = readCapped(response.body());
            }
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "the tool's host answered HTTP " + response.statusCode(),
                        null, Map.of("upstreamStatus", response.statusCode()));
            }
            String contentType = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
            ObjectNode answer = json.createObjectNode().put("status", response.statusCode()).put("contentType", contentType);
            if (contentType.toLowerCase(Locale.ROOT).contains("json")) {
                try {
                    answer.set("body", json.readTree(body));
                } catch (IOException notJson) {
                    answer.put("body", new String(body, StandardCharsets.UTF_8));
                }
            } else {
                answer.put("body", new String(body, StandardCharsets.UTF_8));
            }
            return answer;
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "the call to the tool's host was interrupted");
        } catch (CancellationException e) {
            throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "the call to the tool's host was stopped");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "the tool's host answer could not be read");
        }
    }

    private byte[] readCapped(InputStream in) throws IOException {
        try (in) {
            byte[] body = in.readNBytes(limits.maxResponseBytes() + 1);
            if (body.length > limits.maxResponseBytes()) {
                throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "the tool's host answered more than "
                        + limits.maxResponseBytes() + " bytes", null, Map.of("maxResponseBytes", limits.maxResponseBytes()));
            }
            return body;
        }
    }

    private static GatewayException failure(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
            return new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "the tool's host did not answer in time");
        }
        return new GatewayException(ErrorCode.UPSTREAM_ERROR, "the tool's host could not be reached");
    }

    private URI expand(String template, JsonNode args, JsonNode parameters) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode value = args.has(m.group(1)) ? args.get(m.group(1)) : parameters.path(m.group(1)).path("default");
            String text = value.isMissingNode() || value.isNull() ? "" : value.asText();
            m.appendReplacement(out, Matcher.quoteReplacement(
                    URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        m.appendTail(out);
        return URI.create(out.toString());
    }

    private boolean allowed(String host) {
        return host != null && limits.allowedHosts().stream().anyMatch(allowed -> allowed.equalsIgnoreCase(host));
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
