package dev.cortexgateway.usage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Token usage records, budgets and token-weighted rate limits (docs/usage.md).
 *
 * @param queueCapacity   usage records held in memory before they are written; while the database is
 *                        down beyond this the oldest are dropped (logged, counted in
 *                        gateway_usage_records_dropped_total)
 * @param flushInterval   how long a record waits at most before its batch is written
 * @param flushTimeout    how long shutdown spends writing what is still queued
 * @param budgets         tokens (input plus output) per UTC day or month; absent: no budget. A request
 *                        whose client or end user has used its budget is refused with 429
 *                        BUDGET_EXCEEDED before Cortex is called
 * @param tokensPerMinute tokens (input plus output) per minute per client, a Bucket4j bucket weighted by
 *                        each answer's tokens; absent: no token limit. A request arriving while the
 *                        client's bucket is empty or negative is refused with 429 RATE_LIMITED
 */
@Validated
@ConfigurationProperties("gateway.usage")
public record UsageProperties(
        @DefaultValue("100000") @Min(2) int queueCapacity,
        @DefaultValue("500ms") @NotNull @DurationMin(millis = 1) Duration flushInterval,
        @DefaultValue("5s") @NotNull @DurationMin(millis = 0) Duration flushTimeout,
        @DefaultValue @Valid @NotNull Budgets budgets,
        @DefaultValue @Valid @NotNull TokensPerMinute tokensPerMinute) {

    /**
     * @param client  every client's budget: all its requests together, its end users' included
     * @param user    every end user's budget (a public client's session subject, a confidential
     *                client's named {@code user_id}); a confidential client acting for itself meets
     *                its client budget only
     * @param clients per client id: a budget that replaces {@code client} (and {@code user}, when it
     *                sets {@code user-daily-tokens} / {@code user-monthly-tokens}) for that client
     */
    public record Budgets(@DefaultValue @Valid @NotNull Budget client, @DefaultValue @Valid @NotNull Budget user,
                          @DefaultValue Map<String, @Valid @NotNull ClientBudget> clients) {

        public boolean any() {
            return client.any() || user.any() || clients.values().stream().anyMatch(ClientBudget::any);
        }

        public Budget clientBudget(String clientId) {
            ClientBudget own = clients.get(clientId);
            return own == null ? client : new Budget(own.dailyTokens(), own.monthlyTokens());
        }

        public Budget userBudget(String clientId) {
            ClientBudget own = clients.get(clientId);
            return own == null || !own.anyForUsers() ? user : new Budget(own.userDailyTokens(), own.userMonthlyTokens());
        }
    }

    /**
     * @param dailyTokens   tokens per UTC day (absent: no daily budget)
     * @param monthlyTokens tokens per UTC calendar month (absent: no monthly budget)
     */
    public record Budget(@Min(1) Long dailyTokens, @Min(1) Long monthlyTokens) {

        boolean any() {
            return dailyTokens != null || monthlyTokens != null;
        }
    }

    /**
     * @param dailyTokens       the client's tokens per UTC day (absent: none for this client)
     * @param monthlyTokens     the client's tokens per UTC month
     * @param userDailyTokens   each of its end users' tokens per UTC day (absent with
     *                          {@code user-monthly-tokens}: the default {@code user} budget)
     * @param userMonthlyTokens each of its end users' tokens per UTC month
     */
    public record ClientBudget(@Min(1) Long dailyTokens, @Min(1) Long monthlyTokens, @Min(1) Long userDailyTokens,
                               @Min(1) Long userMonthlyTokens) {

        boolean any() {
            return dailyTokens != null || monthlyTokens != null || anyForUsers();
        }

        boolean anyForUsers() {
            return userDailyTokens != null || userMonthlyTokens != null;
        }
    }

    /**
     * @param client  every client's tokens per minute (absent: no token limit)
     * @param clients per client id, replacing {@code client}
     */
    public record TokensPerMinute(@Min(1) Long client, @DefaultValue Map<String, @NotNull @Min(1) Long> clients) {

        /** The client's tokens per minute, null when it has no token limit. */
        public Long of(String clientId) {
            return clients.getOrDefault(clientId, client);
        }
    }
}
