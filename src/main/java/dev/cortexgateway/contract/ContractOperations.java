package dev.cortexgateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The contract's operations matched by method and request path: the one place that turns the
 * document's path templates into patterns, for the filters that look an operation up before any
 * route runs (request body types, answer media types).
 */
@Component
public final class ContractOperations {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private final List<Operation<JsonNode>> operations = new ArrayList<>();

    public ContractOperations(OpenApiDocument document) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.tree().path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            Pattern pattern = Pattern.compile(template(path.getKey()));
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    operations.add(new Operation<>(op.getKey().toUpperCase(Locale.ROOT), pattern, op.getValue()));
                }
            }
        }
    }

    /** What {@code derive} makes of each operation, computed once, looked up by method and path. */
    public <T> Index<T> index(Function<JsonNode, T> derive) {
        return new Index<>(operations.stream()
                .map(op -> new Operation<>(op.method(), op.path(), derive.apply(op.value())))
                .toList());
    }

    /** Per-operation values; absent for a request no operation matches (404 or 405 follow). */
    public static final class Index<T> {

        private final List<Operation<T>> operations;

        private Index(List<Operation<T>> operations) {
            this.operations = operations;
        }

        public Optional<T> of(String method, String path) {
            for (Operation<T> operation : operations) {
                if (operation.method().equalsIgnoreCase(method) && operation.path().matcher(path).matches()) {
                    return Optional.of(operation.value());
                }
            }
            return Optional.empty();
        }
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

    private record Operation<T>(String method, Pattern path, T value) {
    }
}
