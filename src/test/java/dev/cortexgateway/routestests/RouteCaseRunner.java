package dev.cortexgateway.routestests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;

/** Sends one route case over real HTTP and checks the answer against its expectations. */
final class RouteCaseRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    RouteCaseRunner(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    void run(RouteCase routeCase) throws Exception {
        Variables variables = new Variables(routeCase.vars(), URI.create(baseUrl).getPort());
        List<RouteCase.Step> steps = routeCase.steps();
        for (int i = 0; i < steps.size(); i++) {
            RouteCase.Step step = steps.get(i);
            String label = routeCase.name() + (i < steps.size() - 1 ? " (step " + (i + 1) + ")" : "");
            HttpResponse<String> response = client.send(request(step.request(), variables), HttpResponse.BodyHandlers.ofString());
            check(label, step.expect(), response, variables);
            variables.capture(step.capture(), response.body());
        }
    }

    private static void check(String label, RouteCase.Expect expect, HttpResponse<String> response, Variables variables)
            throws Exception {
        String context = label + "\n  answered " + response.statusCode() + " " + response.body();

        assertThat(response.statusCode()).as(context).isEqualTo(expect.status());
        for (Map.Entry<String, JsonNode> header : expect.headers().entrySet()) {
            JsonNode actual = response.headers().firstValue(header.getKey())
                    .<JsonNode>map(JsonNodeFactory.instance::textNode).orElse(MissingNode.getInstance());
            assertThat(JsonSubset.mismatches(header.getValue(), actual))
                    .as(context + "\n  header " + header.getKey()).isEmpty();
        }
        if (expect.json() != null) {
            JsonNode body = JSON.readTree(response.body());
            assertThat(JsonSubset.mismatches(variables.applyTo(expect.json()), body)).as(context).isEmpty();
        }
        if (expect.bodyContains() != null) {
            assertThat(response.body()).as(context).contains(expect.bodyContains());
        }
        if (expect.bodyNotContains() != null) {
            assertThat(response.body()).as(context).doesNotContain(expect.bodyNotContains());
        }
        if (!expect.sse().isEmpty()) {
            assertSse(expect.sse(), SseEvents.parse(response.body()), context);
        }
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

    private HttpRequest request(RouteCase.Request request, Variables variables) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + variables.apply(request.path())))
                .timeout(Duration.ofSeconds(30));
        request.headers().forEach((name, value) -> builder.header(name, variables.apply(value)));
        byte[] body = body(request, variables);
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
