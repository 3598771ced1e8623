package dev.cortexgateway.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cortexgateway.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * docs/api.md, generated: every operation of the OpenAPI contract joined with the Camel
 * route that serves it, read from the route files (its id, file, required scope and rate-limit
 * group, from the route's {@code tokenCheck} and {@code rateLimits} steps), and every error code
 * with its status. Nothing in it is written by hand, so it cannot drift from the contract or the routes.
 */
final class ApiReference {

    static final Path CONTRACT = Path.of("src/main/resources/openapi/cortex-gateway.yaml");
    static final Path ROUTES = Path.of("src/main/resources/routes");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final Pattern QUOTED_ARGUMENT = Pattern.compile("'([^']*)'");

    /** A route that answers HTTP: its id, file, methods, and the scope and limit group its steps name. */
    record Route(String id, String file, String path, List<String> methods, String scope, String limitGroup) {
    }

    /** One operation of the contract and the route serving it, if any. */
    record Operation(String tag, String method, String path, String summary, String requestBody,
                     String answers, Optional<Route> route, String servedBy) {
    }

    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, Route> routesById = new LinkedHashMap<>();

    private ApiReference() {
    }

    static ApiReference load() throws IOException {
        ApiReference reference = new ApiReference();
        List<Route> routes = reference.readRoutes();
        JsonNode contract = YAML.readTree(CONTRACT.toFile());
        for (Iterator<Map.Entry<String, JsonNode>> paths = contract.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                String method = op.getKey().toUpperCase(Locale.ROOT);
                JsonNode value = op.getValue();
                Optional<Route> route = routes.stream()
                        .filter(r -> r.path().equals(path.getKey()) && r.methods().contains(method))
                        .findFirst();
                String namedRoute = value.path("x-route").asText("");
                if (route.isEmpty() && !namedRoute.isEmpty()) {
                    route = Optional.ofNullable(reference.routesById.get(namedRoute));
                }
                reference.operations.add(new Operation(
                        value.path("tags").path(0).asText("other"), method, path.getKey(),
                        value.path("summary").asText(""), requestBody(value), answers(value), route,
                        value.path("x-served-by").asText("")));
            }
        }
        return reference;
    }

    List<Operation> operations() {
        return operations;
    }

    Map<String, Route> routesById() {
        return routesById;
    }

    String markdown(String command) {
        StringBuilder md = new StringBuilder();
        md.append("# API: every endpoint, its route and what it answers\n\n")
                .append("Generated from the OpenAPI contract (`").append(CONTRACT).append("`) and the route files under `")
                .append(ROUTES).append("/`: do not edit by hand. Regenerate with\n`").append(command)
                .append("`.\nThe request and answer shapes are in the contract (served at `/api/v1/openapi.json`, and in Swagger UI at `/docs`);\n")
                .append("the cross-cutting rules (rate limits, content negotiation, the error envelope) are in [api-conventions.md](api-conventions.md).\n\n")
                .append("Columns: the Camel route serving the operation (its id is also its feature-flag id) and its file; the token scope the route's\n")
                .append("`tokenCheck` step requires; the rate-limit group its `rateLimits` step takes from; the answers the contract declares.\n");
        Map<String, List<Operation>> byTag = new LinkedHashMap<>();
        for (Operation operation : operations) {
            byTag.computeIfAbsent(operation.tag(), t -> new ArrayList<>()).add(operation);
        }
        for (Map.Entry<String, List<Operation>> tag : byTag.entrySet()) {
            md.append("\n## ").append(tag.getKey()).append("\n\n")
                    .append("| operation | route | scope | limit group | request body | answers |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (Operation op : tag.getValue()) {
                md.append("| `").append(op.method()).append(' ').append(op.path()).append("`<br>")
                        .append(cell(op.summary())).append(" | ")
                        .append(op.route().map(r -> "`" + r.id() + "` (`" + r.file() + "`)").orElse("-"))
                        .append(op.servedBy().isEmpty() ? "" : "<br>" + cell(op.servedBy()))
                        .append(" | ").append(op.route().map(Route::scope).filter(s -> !s.isEmpty()).orElse("-"))
                        .append(" | ").append(op.route().map(Route::limitGroup).filter(s -> !s.isEmpty()).orElse("-"))
                        .append(" | ").append(op.requestBody().isEmpty() ? "-" : op.requestBody())
                        .append(" | ").append(op.answers()).append(" |\n");
            }
        }
        md.append("\n## Error codes\n\n")
                .append("Every error is the one envelope (`{status: error, error: {code, message, hint, details, retryable, traceId}, timestamp}`);\n")
                .append("a code never changes its status. When each is answered: [api-conventions.md](api-conventions.md#error-codes).\n\n")
                .append("| code | status | retryable |\n|---|---|---|\n");
        for (ErrorCode code : ErrorCode.values()) {
            md.append("| `").append(code.name()).append("` | ").append(code.status()).append(" | ")
                    .append(code.retryable() ? "yes" : "no").append(" |\n");
        }
        return md.toString();
    }

    private List<Route> readRoutes() throws IOException {
        List<Route> routes = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROUTES)) {
            files = walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            JsonNode items = YAML.readTree(file.toFile());
            for (JsonNode item : items) {
                JsonNode route = item.path("route");
                if (route.isMissingNode()) {
                    continue;
                }
                String uri = route.path("from").path("uri").asText("");
                List<String> methods = new ArrayList<>();
                String path = "";
                if (uri.startsWith("platform-http:")) {
                    path = uri.substring("platform-http:".length()).replaceFirst("\\?.*$", "");
                    String restrict = route.path("from").path("parameters").path("httpMethodRestrict").asText("");
                    for (String method : restrict.split(",")) {
                        if (!method.isBlank()) {
                            methods.add(method.strip().toUpperCase(Locale.ROOT));
                        }
                    }
                }
                JsonNode steps = route.path("from").path("steps");
                Route parsed = new Route(route.path("id").asText(), ROUTES.relativize(file).toString().replace('\\', '/'),
                        path, methods, beanArgument(steps, "tokenCheck"), beanArgument(steps, "rateLimits"));
                routesById.put(parsed.id(), parsed);
                if (!path.isEmpty()) {
                    routes.add(parsed);
                }
            }
        }
        return routes;
    }

    /** The quoted argument of the first step calling {@code bean}, e.g. 'tools' in require(*, 'tools'). */
    private static String beanArgument(JsonNode steps, String bean) {
        for (JsonNode step : steps) {
            JsonNode call = step.path("bean");
            if (bean.equals(call.path("ref").asText())) {
                Matcher m = QUOTED_ARGUMENT.matcher(call.path("method").asText(""));
                return m.find() ? m.group(1) : "";
            }
        }
        return "";
    }

    private static String requestBody(JsonNode operation) {
        JsonNode content = operation.path("requestBody").path("content");
        List<String> types = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> media = content.fields(); media.hasNext(); ) {
            Map.Entry<String, JsonNode> type = media.next();
            String schema = schemaName(type.getValue().path("schema"));
            String entry = schema.isEmpty() ? "`" + type.getKey() + "`" : schema + " (`" + type.getKey() + "`)";
            if (!types.contains(entry)) {
                types.add(entry);
            }
        }
        return String.join(", ", types);
    }

    private static String answers(JsonNode operation) {
        Map<String, String> answers = new TreeMap<>((a, b) -> a.equals("default") ? 1 : b.equals("default") ? -1 : a.compareTo(b));
        for (Iterator<Map.Entry<String, JsonNode>> responses = operation.path("responses").fields(); responses.hasNext(); ) {
            Map.Entry<String, JsonNode> response = responses.next();
            JsonNode value = response.getValue();
            String ref = value.path("$ref").asText("");
            String name;
            if (!ref.isEmpty()) {
                name = ref.substring(ref.lastIndexOf('/') + 1);
            } else {
                JsonNode content = value.path("content");
                Iterator<Map.Entry<String, JsonNode>> media = content.fields();
                name = media.hasNext() ? schemaName(media.next().getValue().path("schema")) : "";
                if (name.isEmpty() && media.hasNext() == false && content.size() > 0) {
                    name = content.fieldNames().next();
                }
            }
            answers.put(response.getKey(), name);
        }
        List<String> parts = new ArrayList<>();
        answers.forEach((status, name) -> parts.add(name.isEmpty() ? status : status + " " + name));
        return String.join(", ", parts);
    }

    private static String schemaName(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (!ref.isEmpty()) {
            return ref.substring(ref.lastIndexOf('/') + 1);
        }
        if ("array".equals(schema.path("type").asText())) {
            String items = schemaName(schema.path("items"));
            return items.isEmpty() ? "" : items + "[]";
        }
        return "";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ").strip();
    }
}
