package dev.cortexgateway.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.store.ResponseCacheStore;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Query answers in the {@link ResponseCacheStore}: the key from {@link CacheKeys}, the value the
 * request-independent part of the answer (query/AnswerMapper) as JSON text, stored for
 * {@code gateway.cache.ttl} with what selective invalidation needs.
 */
@Component
public final class AnswerCache {

    private final ResponseCacheStore store;
    private final CacheKeys keys;
    private final CacheProperties properties;
    private final ObjectMapper json;

    public AnswerCache(ResponseCacheStore store, CacheKeys keys, CacheProperties properties, ObjectMapper json) {
        this.store = store;
        this.keys = keys;
        this.properties = properties;
        this.json = json;
    }

    /** Counts a hit or a miss in the store. */
    public Optional<Cached> lookup(String prefix, String normalizedQuery) {
        return store.get(keys.key(prefix, normalizedQuery)).map(entry -> new Cached(parse(entry.value()), entry.meta().tokenCost()));
    }

    /** Without counting a hit or a miss. */
    public boolean contains(String prefix, String normalizedQuery) {
        return store.contains(keys.key(prefix, normalizedQuery));
    }

    /** @param answer a complete, successful answer's request-independent part, with its token_cost */
    public void put(String prefix, String normalizedQuery, ObjectNode answer) {
        String value;
        try {
            value = json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        store.put(keys.key(prefix, normalizedQuery), value,
                new ResponseCacheStore.Meta(prefix, normalizedQuery, answer.path("token_cost").asLong(0)), properties.ttl());
    }

    private ObjectNode parse(String value) {
        try {
            return (ObjectNode) json.readTree(value);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("a cached answer is not a JSON object", e);
        }
    }

    /** @param answer the stored part; tokenCost what the upstream spent on it */
    public record Cached(ObjectNode answer, long tokenCost) {
    }
}
