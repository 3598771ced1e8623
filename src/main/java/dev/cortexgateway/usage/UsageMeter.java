package dev.cortexgateway.usage;

import dev.cortexgateway.cortex.TokenUsage;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.store.UsageRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;

/**
 * The usage of one request that calls Cortex, from admission to its answer's end: collects the
 * tokens Cortex reports and, once, hands the records to the writer and the tokens to the budgets and
 * the token buckets. Travels on the exchange ({@value #PROPERTY}) and, for a chat, with its run.
 */
public final class UsageMeter {

    public static final String PROPERTY = "usageMeter";

    private final String requestId = UUID.randomUUID().toString();
    private final Owner owner;
    private final String routeId;
    private final long startedNanos;
    private final Clock clock;
    private final UsageSink sink;
    private final List<TokenUsage> tokens = new ArrayList<>();
    private final AtomicBoolean finished = new AtomicBoolean();

    UsageMeter(Owner owner, String routeId, long startedNanos, Clock clock, UsageSink sink) {
        this.owner = owner;
        this.routeId = routeId;
        this.startedNanos = startedNanos;
        this.clock = clock;
        this.sink = sink;
    }

    /** The meter admission put on this exchange, or null when the route has no usage step. */
    public static UsageMeter on(Exchange exchange) {
        return exchange.getProperty(PROPERTY, UsageMeter.class);
    }

    /** What Cortex reported for this request (a run reports once, per model). */
    public void tokens(List<TokenUsage> reported) {
        synchronized (tokens) {
            tokens.addAll(reported);
        }
    }

    /**
     * The request's answer has ended: {@code ok}, {@code error} or {@code cancelled}. Only the first
     * call counts, so every way a run can end may call it.
     */
    public void finish(String outcome, boolean cacheHit) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        long latencyMs = Math.max(0, (System.nanoTime() - startedNanos) / 1_000_000);
        List<UsageRecord> records = new ArrayList<>();
        long total = 0;
        synchronized (tokens) {
            for (TokenUsage usage : tokens) {
                records.add(record(usage.model(), usage.inputTokens(), usage.outputTokens(), latencyMs, cacheHit, outcome));
                total += usage.inputTokens() + usage.outputTokens();
            }
        }
        if (records.isEmpty()) {
            records.add(record("", 0, 0, latencyMs, cacheHit, outcome));
        }
        sink.finished(owner, records, total);
    }

    private UsageRecord record(String model, long input, long output, long latencyMs, boolean cacheHit, String outcome) {
        return new UsageRecord(requestId, clock.instant(), owner.clientId(), owner.subject(), routeId, model, input, output,
                latencyMs, cacheHit, outcome);
    }

    /** Where a finished meter's records and tokens go ({@link Usage}). */
    interface UsageSink {
        void finished(Owner owner, List<UsageRecord> records, long totalTokens);
    }
}
