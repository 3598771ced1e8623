package dev.cortexgateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The media types each operation of the contract accepts as its request body
 * ({@code requestBody.content}), looked up by method and request path. Lets the servlet filters
 * refuse a body the operation does not take before a framework parses it.
 */
@Component
public final class RequestBodyTypes {

    private final ContractOperations.Index<Set<String>> types;

    public RequestBodyTypes(ContractOperations operations) {
        this.types = operations.index(RequestBodyTypes::bodyTypes);
    }

    /**
     * The body media types (lower case, without parameters) of the operation serving this request;
     * empty when the operation takes no body, absent when no operation matches (404 or 405 follow).
     */
    public Optional<Set<String>> of(String method, String path) {
        return types.of(method, path);
    }

    private static Set<String> bodyTypes(JsonNode operation) {
        Set<String> types = new TreeSet<>();
        operation.path("requestBody").path("content").fieldNames()
                .forEachRemaining(t -> types.add(t.toLowerCase(Locale.ROOT)));
        return Set.copyOf(types);
    }
}
