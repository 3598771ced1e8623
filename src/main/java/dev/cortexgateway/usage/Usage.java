package dev.cortexgateway.usage;

import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.metrics.GatewayOverhead;
import dev.cortexgateway.store.UsageRecord;
import java.time.Clock;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The usage steps of the routes that call Cortex (docs/usage.md):
 * <ul>
 *   <li>{@code bean: {ref: usage, method: admit}} right before the upstream call: refuses a caller
 *   over its token budget (429 BUDGET_EXCEEDED) or its tokens per minute (429 RATE_LIMITED), and
 *   puts a {@link UsageMeter} on the exchange that the Cortex call reports its tokens to;</li>
 *   <li>{@code query-usage} and {@code tool-usage} (routes/usage.yaml), the last step of
 *   {@code POST /api/v1/query} and of the Cortex tool pipelines: records the request, a query's
 *   cache hit included.</li>
 * </ul>
 * A chat run finishes its meter itself when its stream ends ({@code chat/ChatRun}).
 */
@Component("usage")
public final class Usage {

    private static final Logger LOG = LoggerFactory.getLogger(Usage.class);
    static final String OK = "ok";
    static final String ERROR = "error";
    public static final String CANCELLED = "cancelled";

    private final UsageBudgets budgets;
    private final TokenLimits tokenLimits;
    private final UsageWriter writer;
    private final Clock clock;

    public Usage(UsageBudgets budgets, TokenLimits tokenLimits, UsageWriter writer, Clock clock) {
        this.budgets = budgets;
        this.tokenLimits = tokenLimits;
        this.writer = writer;
        this.clock = clock;
    }

    public void admit(Exchange exchange) {
        Owner owner = owner(exchange);
        if (owner == null) {
            // no caller (an internal call of a pipeline): nobody to meter or to refuse
            return;
        }
        budgets.check(owner);
        tokenLimits.check(owner.clientId());
        exchange.setProperty(UsageMeter.PROPERTY, meter(exchange, owner));
    }

    /**
     * The last step of a query or a Cortex tool call: a request admitted to Cortex is recorded with
     * its tokens (none for the tools: Cortex reports none for Search and Analyst), a query cache hit
     * as such; a request refused before is not recorded.
     */
    public void record(Exchange exchange) {
        boolean failed = exchange.getException() != null || exchange.getProperty(Exchange.EXCEPTION_CAUGHT) != null;
        UsageMeter meter = UsageMeter.on(exchange);
        if (meter != null) {
            meter.finish(failed ? ERROR : OK, false);
        } else if (!failed && "hit".equals(exchange.getProperty(ExchangeKeys.QUERY_CACHE_STATUS, String.class))
                && owner(exchange) != null) {
            meter(exchange, owner(exchange)).finish(OK, true);
        }
    }

    /**
     * A tool pipeline's exchange names its caller's owner key (tools/ToolExecutions); a route's
     * exchange has the verified token; null when neither is there.
     */
    private static Owner owner(Exchange exchange) {
        String toolOwner = exchange.getProperty(ExchangeKeys.TOOL_OWNER, String.class);
        if (toolOwner != null) {
            return Owner.parse(toolOwner);
        }
        return exchange.getProperty(ExchangeKeys.PRINCIPAL) == null ? null : Owner.of(exchange);
    }

    private UsageMeter meter(Exchange exchange, Owner owner) {
        return new UsageMeter(owner, exchange.getFromRouteId(), GatewayOverhead.startedNanos(exchange), clock,
                this::finished);
    }

    private void finished(Owner owner, List<UsageRecord> records, long totalTokens) {
        // counted first, so whoever sees the record sees a budget that includes it
        try {
            budgets.add(owner, totalTokens);
            tokenLimits.consume(owner.clientId(), totalTokens);
        } catch (RuntimeException storeDown) {
            // the answer was given: the tokens go uncounted in the budget rather than failing it
            LOG.warn("Tokens of a finished request not added to its budget ({})", storeDown.getClass().getSimpleName());
        }
        writer.submit(records);
    }
}
