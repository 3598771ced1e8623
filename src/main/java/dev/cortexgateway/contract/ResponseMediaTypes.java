package dev.cortexgateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The media types each operation of the contract answers in: those of its 2xx responses, then
 * {@code application/json} (every error envelope), in the contract's order. The first is the
 * operation's default. Content negotiation ({@code web/ContentNegotiationFilter}) chooses among them.
 */
@Component
public final class ResponseMediaTypes {

    private final ContractOperations.Index<List<MediaType>> types;

    public ResponseMediaTypes(ContractOperations operations) {
        this.types = operations.index(ResponseMediaTypes::answerTypes);
    }

    /** The operation's answer types, default first; absent when no operation matches (404 or 405 follow). */
    public Optional<List<MediaType>> of(String method, String path) {
        return types.of(method, path);
    }

    private static List<MediaType> answerTypes(JsonNode operation) {
        Set<MediaType> types = new LinkedHashSet<>();
        operation.path("responses").fields().forEachRemaining(response -> {
            if (response.getKey().startsWith("2")) {
                response.getValue().path("content").fieldNames()
                        .forEachRemaining(t -> types.add(MediaType.parseMediaType(t.toLowerCase(Locale.ROOT))));
            }
        });
        types.add(MediaType.APPLICATION_JSON);
        return List.copyOf(types);
    }
}
