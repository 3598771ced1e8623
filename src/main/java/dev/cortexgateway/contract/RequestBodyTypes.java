package dev.cortexgateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The media types each operation of the contract accepts as its request body
 * ({@code requestBody.content}), looked up by method and request path. Lets the servlet filters
 * refuse a body the operation does not take before a framework parses it.
 */
@Component
public final class RequestBodyTypes {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private final List<Operation> operations = new ArrayList<>();

    public RequestBodyTypes(OpenApiDocument document) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.tree().path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            Pattern pattern = Pattern.compile(template(path.getKey()));
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    Set<String> types = new TreeSet<>();
                    op.getValue().path("requestBody").path("content").fieldNames()
                            .forEachRemaining(t -> types.add(t.toLowerCase(Locale.ROOT)));
                    operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), pattern, Set.copyOf(types)));
                }
            }
        }
    }

    /**
     * The body media types (lower case, without parameters) of the operation serving this request;
     * empty when the operation takes no body, absent when no operation matches (404 or 405 follow).
     */
    public Optional<Set<String>> of(String method, String path) {
        for (Operation operation : operations) {
            if (operation.method().equalsIgnoreCase(method) && operation.path().matcher(path).matches()) {
                return Optional.of(operation.types());
            }
        }
        return Optional.empty();
    }

    /** {@code /api/v1/tools/{toolName}} as a regular expression: a parameter is one path segment. */
    static String template(String path) {
        StringBuilder regex = new StringBuilder();
        for (String part : path.split("\\{[^}]+}", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[^/]+");
            }
            regex.append(Pattern.quote(part));
        }
        return regex.toString();
    }

    private record Operation(String method, Pattern path, Set<String> types) {
    }
}
