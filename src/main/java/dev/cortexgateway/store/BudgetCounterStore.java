package dev.cortexgateway.store;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;

/**
 * Tokens used per budget scope and period ({@code usage_budget_counters}), in the database every
 * instance shares, so a budget holds across instances: an addition is one atomic update.
 */
public interface BudgetCounterStore extends StateStore {

    /** Adds {@code tokens} to the counter of {@code scopeKey} for the period starting {@code periodStart}. */
    void add(String scopeKey, String period, LocalDate periodStart, long tokens);

    /** The counters of {@code counters}; one that was never added to is absent. */
    Map<Counter, Long> read(Collection<Counter> counters);

    record Counter(String scopeKey, String period, LocalDate periodStart) {
    }
}
