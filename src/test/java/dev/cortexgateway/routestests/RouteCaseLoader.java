package dev.cortexgateway.routestests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads route cases strictly: a malformed case file fails loudly, naming the file and the key,
 * rather than being skipped or quietly checking less than it says. A misspelt key ({@code jsno:})
 * would otherwise turn a case into a status-only check.
 */
final class RouteCaseLoader {

    static final String CASE_SUFFIX = ".yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Set<String> TOP_KEYS = Set.of("description", "smoke", "vars", "steps", "request", "expect");
    /** What a smoke case may send to a real deployment: reads only, so a smoke run changes nothing there. */
    private static final Set<String> SMOKE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> STEP_KEYS = Set.of("request", "expect", "capture");
    private static final Set<String> REQUEST_KEYS = Set.of("method", "path", "headers", "body", "rawBody", "bodySize", "chunked");
    private static final Set<String> EXPECT_KEYS = Set.of("status", "headers", "json", "bodyContains", "bodyNotContains", "sse",
            "logNotContains");
    private static final Set<String> SSE_EVENT_KEYS = Set.of("event", "id", "data");

    private RouteCaseLoader() {
    }

    /** The case files under {@code root} (any depth), grouped by folder relative to it, sorted by name. */
    static Map<String, List<Path>> byFolder(Path root) {
        Map<String, List<Path>> byFolder = new TreeMap<>();
        for (Path file : caseFiles(root)) {
            String folder = root.relativize(file.getParent()).toString();
            byFolder.computeIfAbsent(folder.isEmpty() ? "." : folder, f -> new ArrayList<>()).add(file);
        }
        return byFolder;
    }

    /** The case files on disk: every {@code *.yaml} under {@code root}; {@code *.yaml.disabled} is not one. */
    static List<Path> caseFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(CASE_SUFFIX))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RouteCase read(Path file) throws IOException {
        // read through Files: the smoke jar reads its cases from inside itself (a zip file system)
        JsonNode root = YAML.readTree(Files.readAllBytes(file));
        if (root == null || !root.isObject()) {
            throw invalid(file, "the file is not a YAML mapping");
        }
        allowOnly(root, TOP_KEYS, "", file);
        Map<String, String> vars = strings(root.path("vars"), "vars", file);
        List<RouteCase.Step> steps = new ArrayList<>();
        JsonNode earlier = root.path("steps");
        if (!earlier.isMissingNode() && !earlier.isArray()) {
            throw invalid(file, "'steps' must be a list");
        }
        for (int i = 0; i < earlier.size(); i++) {
            JsonNode step = earlier.get(i);
            String at = "steps[" + i + "].";
            if (!step.isObject()) {
                throw invalid(file, "'" + at + "' must be a mapping");
            }
            allowOnly(step, STEP_KEYS, at, file);
            steps.add(step(step, at, file));
        }
        steps.add(step(root, "", file));
        boolean smoke = smoke(root, file);
        if (smoke) {
            checkSmoke(steps, file);
        }
        return new RouteCase(file, text(root, "description"), vars, steps, smoke);
    }

    private static boolean smoke(JsonNode root, Path file) {
        JsonNode smoke = root.path("smoke");
        if (!smoke.isMissingNode() && !smoke.isBoolean()) {
            throw invalid(file, "'smoke' must be true or false");
        }
        return smoke.asBoolean(false);
    }

    /**
     * A smoke case runs against a real deployment ({@link SmokeCommand}): it may only read, and it
     * cannot check the gateway's log, which is on another machine then.
     */
    private static void checkSmoke(List<RouteCase.Step> steps, Path file) {
        for (int i = 0; i < steps.size(); i++) {
            RouteCase.Step step = steps.get(i);
            String at = i < steps.size() - 1 ? "steps[" + i + "]." : "";
            String method = step.request().method();
            if (!SMOKE_METHODS.contains(method)) {
                throw invalid(file, "a smoke case may only send " + String.join(", ", SMOKE_METHODS.stream().sorted().toList())
                        + " (it runs against a real deployment), not '" + at + "request.method' " + method);
            }
            if (!step.expect().logNotContains().isEmpty()) {
                throw invalid(file, "a smoke case cannot check '" + at + "expect.logNotContains': the gateway's log is not "
                        + "readable from a smoke run");
            }
        }
    }

    private static RouteCase.Step step(JsonNode node, String at, Path file) {
        JsonNode request = mapping(node, "request", at, file);
        JsonNode expect = mapping(node, "expect", at, file);
        allowOnly(request, REQUEST_KEYS, at + "request.", file);
        allowOnly(expect, EXPECT_KEYS, at + "expect.", file);
        int bodies = (request.has("body") ? 1 : 0) + (request.has("rawBody") ? 1 : 0) + (request.has("bodySize") ? 1 : 0);
        if (bodies > 1) {
            throw invalid(file, "'" + at + "request' may have only one of body, rawBody and bodySize");
        }

        Map<String, JsonNode> expectedHeaders = new LinkedHashMap<>();
        expect.path("headers").fields().forEachRemaining(e -> expectedHeaders.put(e.getKey(), e.getValue()));
        expectedHeaders.forEach((name, value) -> checkOperators(value, at + "expect.headers." + name, file));
        if (expect.has("json")) {
            checkOperators(expect.get("json"), at + "expect.json", file);
        }
        List<JsonNode> sse = new ArrayList<>();
        JsonNode events = expect.path("sse");
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            String eventAt = at + "expect.sse[" + i + "].";
            if (!event.isObject()) {
                throw invalid(file, "'" + eventAt + "' must be a mapping");
            }
            allowOnly(event, SSE_EVENT_KEYS, eventAt, file);
            checkOperators(event, eventAt, file);
            sse.add(event);
        }
        List<String> logNotContains = new ArrayList<>();
        JsonNode forbidden = expect.path("logNotContains");
        if (!forbidden.isMissingNode() && !forbidden.isArray()) {
            throw invalid(file, "'" + at + "expect.logNotContains' must be a list of strings");
        }
        forbidden.forEach(text -> logNotContains.add(text.asText()));
        Map<String, String> capture = strings(node.path("capture"), at + "capture", file);

        int status = required(expect, "status", at + "expect.", file).asInt();
        boolean checksAnswer = !expectedHeaders.isEmpty() || expect.has("json") || expect.has("bodyContains")
                || !sse.isEmpty() || !capture.isEmpty();
        if (status >= 200 && status < 300 && !checksAnswer) {
            // a 2xx with only a status check passes for any answer the route gives
            throw invalid(file, "'" + at + "expect' checks only the status of a " + status
                    + " answer: add json, headers, bodyContains, sse or a capture");
        }
        return new RouteCase.Step(
                new RouteCase.Request(
                        required(request, "method", at + "request.", file).asText(),
                        required(request, "path", at + "request.", file).asText(),
                        strings(request.path("headers"), at + "request.headers", file),
                        request.has("body") ? request.get("body") : null,
                        text(request, "rawBody"),
                        request.has("bodySize") ? request.get("bodySize").asInt() : null,
                        request.path("chunked").asBoolean(false)),
                new RouteCase.Expect(
                        status,
                        expectedHeaders,
                        expect.has("json") ? expect.get("json") : null,
                        text(expect, "bodyContains"),
                        text(expect, "bodyNotContains"),
                        sse,
                        logNotContains),
                capture);
    }

    /** Rejects a key that is not one of {@code allowed}: the one place a misspelling would hide. */
    private static void allowOnly(JsonNode node, Set<String> allowed, String at, Path file) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid(file, "unknown key '" + at + name + "' (allowed here: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /**
     * Rejects an unknown operator anywhere in an expected value. As in {@link JsonSubset}, an object
     * whose keys all start with {@code $} is an operator object; one that mixes an operator with
     * plain keys is a mistake (a {@code $} key among plain ones, like Vega-Lite's {@code $schema},
     * is data).
     */
    private static void checkOperators(JsonNode expected, String at, Path file) {
        if (expected.isObject()) {
            List<String> names = new ArrayList<>();
            expected.fieldNames().forEachRemaining(names::add);
            boolean allOperators = !names.isEmpty() && names.stream().allMatch(name -> name.startsWith("$"));
            for (String name : names) {
                if (allOperators && !JsonSubset.OPERATORS.contains(name)) {
                    throw invalid(file, "unknown operator '" + at + "." + name + "' (known: "
                            + String.join(", ", JsonSubset.OPERATORS.stream().sorted().toList()) + ")");
                }
                if (!allOperators && JsonSubset.OPERATORS.contains(name)) {
                    throw invalid(file, "'" + at + "' mixes the operator " + name + " with plain keys " + names);
                }
                checkOperators(expected.get(name), at + "." + name, file);
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                checkOperators(expected.get(i), at + "[" + i + "]", file);
            }
        }
    }

    private static Map<String, String> strings(JsonNode node, String at, Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw invalid(file, "'" + at + "' must be a mapping");
        }
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isContainerNode()) {
                throw invalid(file, "'" + at + "." + e.getKey() + "' must be a single value");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    private static JsonNode mapping(JsonNode node, String field, String at, Path file) {
        JsonNode value = required(node, field, at, file);
        if (!value.isObject()) {
            throw invalid(file, "'" + at + field + "' must be a mapping");
        }
        return value;
    }

    private static JsonNode required(JsonNode node, String field, String at, Path file) {
        if (!node.hasNonNull(field)) {
            throw invalid(file, "missing required key '" + at + field + "'");
        }
        return node.get(field);
    }

    private static IllegalArgumentException invalid(Path file, String problem) {
        return new IllegalArgumentException(file + ": " + problem);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
