package dev.cortexgateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The media types each operation of the contract answers in: those of its 2xx responses, then
 * {@code application/json} (every error envelope), in the contract's order. The first is the
 * operation's default. Content negotiation ({@code web/ContentNegotiationFilter}) chooses among them.
 */
@Component
public final class ResponseMediaTypes {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private final List<Operation> operations = new ArrayList<>();

    public ResponseMediaTypes(OpenApiDocument document) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.tree().path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            Pattern pattern = Pattern.compile(RequestBodyTypes.template(path.getKey()));
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    Set<MediaType> types = new LinkedHashSet<>();
                    op.getValue().path("responses").fields().forEachRemaining(response -> {
                        if (response.getKey().startsWith("2")) {
                            response.getValue().path("content").fieldNames()
                                    .forEachRemaining(t -> types.add(MediaType.parseMediaType(t.toLowerCase(Locale.ROOT))));
                        }
                    });
                    types.add(MediaType.APPLICATION_JSON);
                    operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), pattern, List.copyOf(types)));
                }
            }
        }
    }

    /** The operation's answer types, default first; absent when no operation matches (404 or 405 follow). */
    public Optional<List<MediaType>> of(String method, String path) {
        for (Operation operation : operations) {
            if (operation.method().equalsIgnoreCase(method) && operation.path().matcher(path).matches()) {
                return Optional.of(operation.types());
            }
        }
        return Optional.empty();
    }

    private record Operation(String method, Pattern path, List<MediaType> types) {
    }
}
