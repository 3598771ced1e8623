package dev.cortexgateway.routestests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads route cases; a malformed case file fails loudly rather than being skipped. */
final class RouteCaseLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RouteCaseLoader() {
    }

    /** Folders of {@code root}, each with its {@code *.yaml} cases, sorted by name. */
    static Map<String, List<RouteCase>> load(Path root) {
        Map<String, List<RouteCase>> byFolder = new LinkedHashMap<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(folder)) {
                    List<RouteCase> cases = new ArrayList<>();
                    for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                        cases.add(read(file));
                    }
                    byFolder.put(folder.getFileName().toString(), cases);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byFolder;
    }

    static RouteCase read(Path file) throws IOException {
        JsonNode root = YAML.readTree(file.toFile());
        Map<String, String> vars = new LinkedHashMap<>();
        root.path("vars").fields().forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
        List<RouteCase.Step> steps = new ArrayList<>();
        for (JsonNode step : root.path("steps")) {
            steps.add(step(step, file));
        }
        steps.add(step(root, file));
        return new RouteCase(file, text(root, "description"), vars, steps);
    }

    private static RouteCase.Step step(JsonNode node, Path file) {
        JsonNode request = required(node, "request", file);
        JsonNode expect = required(node, "expect", file);
        Map<String, String> headers = new LinkedHashMap<>();
        request.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        Map<String, JsonNode> expectedHeaders = new LinkedHashMap<>();
        expect.path("headers").fields().forEachRemaining(e -> expectedHeaders.put(e.getKey(), e.getValue()));
        List<JsonNode> sse = new ArrayList<>();
        expect.path("sse").forEach(sse::add);
        Map<String, String> capture = new LinkedHashMap<>();
        node.path("capture").fields().forEachRemaining(e -> capture.put(e.getKey(), e.getValue().asText()));
        return new RouteCase.Step(
                new RouteCase.Request(
                        required(request, "method", file).asText(),
                        required(request, "path", file).asText(),
                        headers,
                        request.has("body") ? request.get("body") : null,
                        text(request, "rawBody"),
                        request.has("bodySize") ? request.get("bodySize").asInt() : null,
                        request.path("chunked").asBoolean(false)),
                new RouteCase.Expect(
                        required(expect, "status", file).asInt(),
                        expectedHeaders,
                        expect.has("json") ? expect.get("json") : null,
                        text(expect, "bodyContains"),
                        text(expect, "bodyNotContains"),
                        sse),
                capture);
    }

    private static JsonNode required(JsonNode node, String field, Path file) {
        if (!node.hasNonNull(field)) {
            throw new IllegalArgumentException(file + ": missing required field '" + field + "'");
        }
        return node.get(field);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
