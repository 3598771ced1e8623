package dev.cortexgateway.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Budget counters in the gateway's database. An addition is {@code tokens = tokens + n} in one
 * statement (or an insert, then that update if another instance inserted first), so concurrent
 * instances never lose each other's tokens.
 */
@Component
public final class JdbcBudgetCounterStore implements BudgetCounterStore {

    private static final String UPDATE = """
            update usage_budget_counters set tokens = tokens + :tokens
            where scope_key = :scopeKey and period = :period and period_start = :periodStart""";
    private static final String INSERT = """
            insert into usage_budget_counters (scope_key, period, period_start, tokens)
            values (:scopeKey, :period, :periodStart, :tokens) on conflict do nothing""";

    private final StoreDatabase database;

    public JdbcBudgetCounterStore(StoreDatabase database) {
        this.database = database;
    }

    @Override
    public void add(String scopeKey, String period, LocalDate periodStart, long tokens) {
        database.upsert(UPDATE, INSERT, new MapSqlParameterSource()
                .addValue("scopeKey", scopeKey).addValue("period", period)
                .addValue("periodStart", periodStart).addValue("tokens", tokens));
    }

    @Override
    public Map<Counter, Long> read(Collection<Counter> counters) {
        Map<Counter, Long> found = new HashMap<>();
        if (counters.isEmpty()) {
            return found;
        }
        // one statement for the (at most four) counters a request checks
        List<String> conditions = new ArrayList<>();
        MapSqlParameterSource parameters = new MapSqlParameterSource();
        int i = 0;
        for (Counter counter : counters) {
            conditions.add("(scope_key = :k" + i + " and period = :p" + i + " and period_start = :s" + i + ")");
            parameters.addValue("k" + i, counter.scopeKey()).addValue("p" + i, counter.period())
                    .addValue("s" + i, counter.periodStart());
            i++;
        }
        database.jdbc().query("select scope_key, period, period_start, tokens from usage_budget_counters where "
                + String.join(" or ", conditions), parameters, row -> {
                    found.put(new Counter(row.getString("scope_key"), row.getString("period"),
                            row.getObject("period_start", LocalDate.class)), row.getLong("tokens"));
                });
        return found;
    }

    @Override
    public String kind() {
        return "usage-budgets";
    }

    @Override
    public String backend() {
        return database.backend();
    }

    @Override
    public void ping() {
        database.ping("usage_budget_counters");
    }
}
