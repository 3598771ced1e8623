package dev.cortexgateway.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cortexgateway.events.GatewayEvents;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The progress of each {@code POST /api/v1/query}, kept in this instance's memory (bounded in number,
 * dropped a TTL after their last change) and published on {@link GatewayEvents#QUERY_UPDATES} at every
 * step change. A query lives for the length of one request, so a record only has to outlive it long
 * enough to be polled; the database would add a write per step to the hot path of a cache hit.
 */
@Component
public final class QueryRecords {

    /** The steps of a query, in order; a cache hit goes from cache_lookup straight to done. */
    public static final List<String> STEPS = List.of("cache_lookup", "upstream", "mapping", "done");
    public static final String EVENT_TYPE = "query_progress";

    private final Cache<String, Query> records;
    private final GatewayEvents events;
    private final QueryProgressMessages messages;
    private final Clock clock;

    public QueryRecords(QueryProperties properties, GatewayEvents events, QueryProgressMessages messages, Clock clock) {
        this.records = Caffeine.newBuilder()
                .maximumSize(properties.records().maxEntries())
                .expireAfterWrite(properties.records().ttl())
                .executor(Runnable::run)
                .build();
        this.events = events;
        this.messages = messages;
        this.clock = clock;
    }

    /** Query records held now, the expired ones evicted first: for tests that check nothing is kept. */
    public long held() {
        records.cleanUp();
        return records.estimatedSize();
    }

    /** A new running query at its first step. */
    public Query start(String owner) {
        Instant now = clock.instant();
        Query query = new Query(UUID.randomUUID().toString(), owner, Status.RUNNING, STEPS.get(0), now, now, null);
        save(query);
        return query;
    }

    /** Moves a running query to {@code step} (done completes it). */
    public Query step(Query query, String step) {
        Status status = "done".equals(step) ? Status.COMPLETED : Status.RUNNING;
        return save(query.with(status, step, clock.instant()));
    }

    /** Fails a query at the step it was on; a finished one stays as it is. */
    public Query fail(Query query) {
        Query current = get(query.id()).orElse(query);
        if (current.status() != Status.RUNNING) {
            return current;
        }
        return save(current.with(Status.FAILED, current.step(), clock.instant()));
    }

    public Optional<Query> get(String id) {
        return Optional.ofNullable(records.getIfPresent(id));
    }

    private Query save(Query query) {
        records.put(query.id(), query);
        events.publish(GatewayEvents.QUERY_UPDATES, EVENT_TYPE, query.owner(), messages.of(query));
        return query;
    }

    public enum Status {
        RUNNING, COMPLETED, FAILED;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @param finishedAt set once completed or failed */
    public record Query(String id, String owner, Status status, String step, Instant createdAt, Instant updatedAt,
                        Instant finishedAt) {

        Query with(Status next, String nextStep, Instant now) {
            return new Query(id, owner, next, nextStep, createdAt, now, next == Status.RUNNING ? null : now);
        }

        /** 1-based position of the current step. */
        public int currentStep() {
            return STEPS.indexOf(step) + 1;
        }

        /** 0 at the first step, 100 when done; a failed query keeps the share of the step it failed at. */
        public int completionPercent() {
            return (currentStep() - 1) * 100 / (STEPS.size() - 1);
        }

        /** The progress fields of the {@code GET .../status} answer. */
        public Map<String, Object> progress() {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("query_id", id);
            payload.put("status", status.text());
            payload.put("current_step", currentStep());
            payload.put("total_steps", STEPS.size());
            payload.put("completion_percent", completionPercent());
            payload.put("step", step);
            return payload;
        }
    }
}
