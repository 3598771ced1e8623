package dev.cortexgateway.routestests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One declarative scenario from {@code routes-tests/<route file>/<route>-<scenario>.yaml}: optional
 * variables, optional earlier steps, then the request under test; {@code smoke} cases also run
 * against a deployed gateway ({@link SmokeCommand}). The format is documented in routes-tests/README.md.
 */
record RouteCase(Path file, String description, Map<String, String> vars, List<Step> steps, boolean smoke) {

    /** One request, what its answer must be, and values to capture from it for later steps. */
    record Step(Request request, Expect expect, Map<String, String> capture) {
    }

    record Request(String method, String path, Map<String, String> headers, JsonNode body, String rawBody,
                   Integer bodySize, boolean chunked) {
    }

    record Expect(int status, Map<String, JsonNode> headers, JsonNode json, String bodyContains, String bodyNotContains,
                  List<JsonNode> sse, List<String> logNotContains) {
    }

    String name() {
        String file = this.file.getFileName().toString();
        return description == null ? file : file + " - " + description;
    }

    /** The file as {@code <route folder>/<file>}, which finds it under routes-tests/ (smoke output). */
    String where() {
        Path parent = file.getParent();
        return (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/") + file.getFileName();
    }
}
