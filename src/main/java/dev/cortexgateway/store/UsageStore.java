package dev.cortexgateway.store;

import java.time.LocalDate;
import java.util.List;

/** The token usage records ({@code usage_records}): written in batches, read as sums. */
public interface UsageStore extends StateStore {

    void saveAll(List<UsageRecord> records);

    /** Sums of the records that match {@code filter}, in total and (when {@code groupBy} is set) per group. */
    Summary summarize(Filter filter, GroupBy groupBy, int maxGroups);

    /** What to sum: UTC days {@code from..to} inclusive; a null field matches everything. */
    record Filter(LocalDate from, LocalDate to, String clientId, String userSubject, String routeId, String model) {
    }

    /** The column a summary is grouped by; {@code user} groups by owner (client and subject). */
    enum GroupBy {
        CLIENT, USER, DAY, MODEL, ROUTE
    }

    /** One sum: requests (distinct request ids), tokens, cache hits, the mean latency of the rows. */
    record Totals(long requests, long inputTokens, long outputTokens, long cacheHits, double averageLatencyMs) {
    }

    /** @param key the group's value (an owner key for {@code user}, an ISO date for {@code day}) */
    record Group(String key, Totals totals) {
    }

    record Summary(Totals totals, List<Group> groups) {
    }
}
