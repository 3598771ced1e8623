package dev.cortexgateway.routestests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One declarative scenario from {@code routes-tests/<route file>/<route>-<scenario>.yaml}; the format
 * is documented in routes-tests/README.md.
 */
record RouteCase(Path file, String description, Request request, Expect expect) {

    record Request(String method, String path, Map<String, String> headers, JsonNode body, String rawBody,
                   Integer bodySize, boolean chunked) {
    }

    record Expect(int status, Map<String, JsonNode> headers, JsonNode json, String bodyContains, String bodyNotContains,
                  List<JsonNode> sse) {
    }

    String name() {
        String file = this.file.getFileName().toString();
        return description == null ? file : file + " - " + description;
    }
}
