package dev.cortexgateway.usage;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.store.BudgetCounterStore;
import dev.cortexgateway.store.BudgetCounterStore.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Token budgets per client and end user, per UTC day and month, counted in the database every
 * instance shares: a request is refused while a counter it falls under has reached its budget, and
 * an answer's tokens are added as soon as it has ended. So a budget is overrun by at most the
 * requests admitted before the last one's tokens were added (one request's tokens for a client
 * that waits for its answers, wherever they are served).
 */
@Component
public final class UsageBudgets {

    static final String DAY = "day";
    static final String MONTH = "month";

    private final UsageProperties.Budgets budgets;
    private final BudgetCounterStore counters;
    private final Clock clock;

    public UsageBudgets(UsageProperties properties, BudgetCounterStore counters, Clock clock) {
        this.budgets = properties.budgets();
        this.counters = counters;
        this.clock = clock;
    }

    /** Refuses with 429 BUDGET_EXCEEDED when {@code owner} or its client has used a budget. */
    void check(Owner owner) {
        if (!budgets.any()) {
            return;
        }
        List<Limit> limits = limits(owner, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        if (limits.isEmpty()) {
            return;
        }
        Map<Counter, Long> used = counters.read(limits.stream().map(Limit::counter).toList());
        for (Limit limit : limits) {
            long tokens = used.getOrDefault(limit.counter(), 0L);
            if (tokens >= limit.budget()) {
                throw exceeded(limit, tokens);
            }
        }
    }

    /** Adds an answer's tokens to every counter of {@code owner} that has a budget. */
    void add(Owner owner, long tokens) {
        if (tokens <= 0 || !budgets.any()) {
            return;
        }
        for (Limit limit : limits(owner, LocalDate.now(clock.withZone(ZoneOffset.UTC)))) {
            counters.add(limit.counter().scopeKey(), limit.counter().period(), limit.counter().periodStart(), tokens);
        }
    }

    private List<Limit> limits(Owner owner, LocalDate today) {
        List<Limit> limits = new ArrayList<>();
        add(limits, "client", "client:" + owner.clientId(), budgets.clientBudget(owner.clientId()), today);
        if (owner.subject() != null) {
            add(limits, "user", "user:" + owner.key(), budgets.userBudget(owner.clientId()), today);
        }
        return limits;
    }

    private static void add(List<Limit> limits, String scope, String key, UsageProperties.Budget budget, LocalDate today) {
        if (budget.dailyTokens() != null) {
            limits.add(new Limit(scope, new Counter(key, DAY, today), budget.dailyTokens(), today.plusDays(1)));
        }
        if (budget.monthlyTokens() != null) {
            LocalDate month = today.withDayOfMonth(1);
            limits.add(new Limit(scope, new Counter(key, MONTH, month), budget.monthlyTokens(), month.plusMonths(1)));
        }
    }

    private GatewayException exceeded(Limit limit, long used) {
        Instant resetAt = limit.resets().atStartOfDay(ZoneOffset.UTC).toInstant();
        long retryAfter = Math.max(1, Duration.between(clock.instant(), resetAt).toSeconds());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("scope", limit.scope());
        details.put("period", limit.counter().period());
        details.put("budgetTokens", limit.budget());
        details.put("usedTokens", used);
        details.put("resetAt", resetAt.toString());
        details.put("retryAfterSeconds", retryAfter);
        String whose = "client".equals(limit.scope()) ? "This client" : "This user";
        return new GatewayException(ErrorCode.BUDGET_EXCEEDED, whose + " has used its token budget for the "
                + limit.counter().period(), "Wait until details.resetAt (Retry-After seconds)", details);
    }

    /** @param scope client or user; @param resets the first UTC day of the next period */
    private record Limit(String scope, Counter counter, long budget, LocalDate resets) {
    }
}
