package dev.cortexgateway.routestests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends one route case over real HTTP and checks the answer against its expectations, and the
 * gateway's log while the case ran against the credentials it sent and its {@code logNotContains}.
 */
final class RouteCaseRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final GatewayLog log;
    private final Map<String, String> runVars;
    private final Set<String> allSecrets = new LinkedHashSet<>();

    /**
     * @param log     the gateway's log, checked after each case; null for a gateway elsewhere (a smoke
     *                run), whose cases therefore may not use {@code logNotContains} (the loader refuses it)
     * @param runVars variables every case may use, such as {@code smokeToken}
     */
    RouteCaseRunner(String baseUrl, GatewayLog log, Map<String, String> runVars) {
        this.baseUrl = baseUrl;
        this.log = log;
        this.runVars = Map.copyOf(runVars);
    }

    /** Runs one case; a failure is a {@link CaseFailure} naming the step and the answer's trace id. */
    void run(RouteCase routeCase) throws Exception {
        int logMark = log == null ? 0 : log.mark();
        Variables variables = new Variables(runVars, routeCase.vars(), URI.create(baseUrl).getPort());
        Set<String> secrets = new LinkedHashSet<>();
        Set<String> forbidden = new LinkedHashSet<>();
        Set<String> traceIds = new LinkedHashSet<>();
        List<RouteCase.Step> steps = routeCase.steps();
        for (int i = 0; i < steps.size(); i++) {
            RouteCase.Step step = steps.get(i);
            String label = routeCase.name() + (i < steps.size() - 1 ? " (step " + (i + 1) + ")" : "");
            Sent sent = sent(step.request(), variables);
            secrets.addAll(SentSecrets.of(sent.path(), sent.headers(), sent.body()));
            HttpResponse<String> response;
            try {
                response = client.send(request(step.request(), sent), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException noAnswer) {
                throw new CaseFailure(label, null, noAnswer);
            }
            String traceId = response.headers().firstValue("X-Trace-Id").orElse(null);
            if (traceId != null) {
                traceIds.add(traceId);
            }
            try {
                check(label, step.expect(), response, variables);
                variables.capture(step.capture(), response.body());
            } catch (AssertionError | Exception failed) {
                throw new CaseFailure(label, traceId, failed);
            }
            step.expect().logNotContains().forEach(text -> forbidden.add(variables.apply(text)));
        }
        allSecrets.addAll(secrets);
        if (log != null) {
            log.awaitAccessLines(traceIds, Duration.ofSeconds(5));
            assertLogFree(routeCase.name(), log.since(logMark), secrets, forbidden);
        }
    }

    /** Every credential any case sent so far, to check the whole run's log once more at the end. */
    Set<String> allSecrets() {
        return allSecrets;
    }

    static void assertLogFree(String label, List<String> logLines, Set<String> secrets, Set<String> forbidden) {
        List<String> found = new ArrayList<>();
        for (String line : logLines) {
            for (String secret : secrets) {
                if (line.contains(secret)) {
                    found.add("credential sent in the request '" + secret + "' logged in: " + line.strip());
                }
            }
            for (String text : forbidden) {
                if (line.contains(text)) {
                    found.add("logNotContains '" + text + "' logged in: " + line.strip());
                }
            }
        }
        assertThat(found).as(label + "\n  the gateway's log while the case ran").isEmpty();
    }

    private static void check(String label, RouteCase.Expect expect, HttpResponse<String> response, Variables variables)
            throws Exception {
        String context = label + "\n  answered " + response.statusCode() + " " + response.body();

        assertThat(response.statusCode()).as(context).isEqualTo(expect.status());
        for (Map.Entry<String, JsonNode> header : expect.headers().entrySet()) {
            List<String> values = response.headers().allValues(header.getKey());
            assertThat(headerMismatches(variables.applyTo(header.getValue()), values))
                    .as(context + "\n  header " + header.getKey() + " " + values).isEmpty();
        }
        if (expect.json() != null) {
            JsonNode body = JSON.readTree(response.body());
            assertThat(JsonSubset.mismatches(variables.applyTo(expect.json()), body)).as(context).isEmpty();
        }
        if (expect.bodyContains() != null) {
            assertThat(response.body()).as(context).contains(variables.apply(expect.bodyContains()));
        }
        if (expect.bodyNotContains() != null) {
            assertThat(response.body()).as(context).doesNotContain(variables.apply(expect.bodyNotContains()));
        }
        if (!expect.sse().isEmpty()) {
            List<JsonNode> events = expect.sse().stream().map(variables::applyTo).toList();
            assertSse(events, SseEvents.parse(response.body()), context);
        }
    }

    /**
     * A header's values (one per header line) against its expectation. A list expects exactly these
     * values in this order; anything else (a string, an operator object) must match every value, and
     * at least one must be there unless it is {@code {$exists: false}}.
     */
    static List<String> headerMismatches(JsonNode expected, List<String> values) {
        ArrayNode actual = JsonNodeFactory.instance.arrayNode();
        values.forEach(actual::add);
        if (expected.isArray()) {
            var exactly = JsonNodeFactory.instance.objectNode();
            exactly.set("$exactly", expected);
            return JsonSubset.mismatches(exactly, actual);
        }
        if (values.isEmpty()) {
            return JsonSubset.mismatches(expected, MissingNode.getInstance());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            for (String mismatch : JsonSubset.mismatches(expected, actual.get(i))) {
                out.add("value " + (i + 1) + " of " + values.size() + " " + mismatch);
            }
        }
        return out;
    }

    private static void assertSse(List<JsonNode> expected, List<SseEvents.Event> actual, String context) throws Exception {
        assertThat(actual).as(context + "\n  number of SSE events").hasSize(expected.size());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            SseEvents.Event event = actual.get(i);
            var node = JsonNodeFactory.instance.objectNode();
            node.put("event", event.event());
            if (event.id() != null) {
                node.put("id", event.id());
            }
            node.set("data", parseOrText(event.data()));
            for (String mismatch : JsonSubset.mismatches(expected.get(i), node)) {
                mismatches.add("event " + i + " " + mismatch);
            }
        }
        assertThat(mismatches).as(context).isEmpty();
    }

    private static JsonNode parseOrText(String data) {
        try {
            return JSON.readTree(data);
        } catch (Exception notJson) {
            return JsonNodeFactory.instance.textNode(data);
        }
    }

    /** A step's request with its variables replaced: what goes on the wire. */
    private record Sent(String path, Map<String, String> headers, byte[] body) {
    }

    private static Sent sent(RouteCase.Request request, Variables variables) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> headers.put(name, variables.apply(value)));
        return new Sent(variables.apply(request.path()), headers, body(request, variables));
    }

    private HttpRequest request(RouteCase.Request request, Sent sent) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + sent.path())).timeout(Duration.ofSeconds(30));
        sent.headers().forEach(builder::header);
        byte[] body = sent.body();
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (request.chunked()) {
            // an InputStream publisher has no length, so the client sends Transfer-Encoding: chunked
            publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        } else {
            publisher = HttpRequest.BodyPublishers.ofByteArray(body);
        }
        return builder.method(request.method(), publisher).build();
    }

    private static byte[] body(RouteCase.Request request, Variables variables) throws Exception {
        if (request.rawBody() != null) {
            return variables.apply(request.rawBody()).getBytes(StandardCharsets.UTF_8);
        }
        if (request.body() != null) {
            return variables.apply(JSON.writeValueAsString(request.body())).getBytes(StandardCharsets.UTF_8);
        }
        if (request.bodySize() != null) {
            String prefix = "{\"padding\":\"";
            String suffix = "\"}";
            int fill = Math.max(0, request.bodySize() - prefix.length() - suffix.length());
            return (prefix + "a".repeat(fill) + suffix).getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }
}
