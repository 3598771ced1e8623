package dev.cortexgateway.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.cache.AnswerCache;
import dev.cortexgateway.cache.CacheCounters;
import dev.cortexgateway.cache.CacheKeys;
import dev.cortexgateway.cortex.AgentRunInput;
import dev.cortexgateway.cortex.CortexAgentClient;
import dev.cortexgateway.cortex.CortexEvent;
import dev.cortexgateway.cortex.TokenUsage;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.metrics.GatewayOverhead;
import dev.cortexgateway.metrics.GenAiMetrics;
import dev.cortexgateway.metrics.UpstreamClock;
import dev.cortexgateway.usage.UsageMeter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The steps of routes/query.yaml: begin (check the question, open its record), lookup (the cache),
 * dispatch (one non-streaming Cortex Agents run, inside the route's circuit breaker), map (the
 * request-independent part, cached when complete), answer (add the per-request fields), settle
 * (run by the query-settle configuration: a query that did not answer is failed).
 *
 * <p>Per-request fields, the only ones in which a hit differs from the miss that filled the cache:
 * {@code query_id}, {@code metadata.latency_ms}, {@code metadata.cache_status} and
 * {@code metadata.cost_savings_percent}. Everything else comes from the cached part as it was stored.
 */
@Component("queryAnswers")
public final class QueryAnswers {

    /** Characters (Unicode code points) a question may have. */
    public static final int MAX_QUERY_CHARS = 4000;

    private final QueryRecords records;
    private final AnswerCache cache;
    private final CacheCounters counters;
    private final AnswerMapper mapper;
    private final CortexAgentClient cortex;
    private final GenAiMetrics genAi;
    private final ObjectMapper json;

    public QueryAnswers(QueryRecords records, AnswerCache cache, CacheCounters counters, AnswerMapper mapper,
                        CortexAgentClient cortex, GenAiMetrics genAi, ObjectMapper json) {
        this.records = records;
        this.cache = cache;
        this.counters = counters;
        this.mapper = mapper;
        this.cortex = cortex;
        this.genAi = genAi;
        this.json = json;
    }

    /** Checks the question (400 QUERY_TOO_LONG / INVALID_QUERY) and opens the query's record. */
    public void begin(Exchange exchange) {
        JsonNode body = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        String text = body.path("query").asText("");
        checkQuery(text, "/query");
        JsonNode options = body.path("cache_options");
        Request request = new Request(text.strip(), CacheKeys.normalize(text), options.path("cache_prefix").asText(""),
                options.path("use_cache").asBoolean(true));
        exchange.setProperty(ExchangeKeys.QUERY_REQUEST, request);
        exchange.setProperty(ExchangeKeys.QUERY_TEXT, request.text());
        exchange.setProperty(ExchangeKeys.QUERY, records.start(Owner.of(exchange).key()));
    }

    /** Shared with cache warming: the rules every question follows. */
    public static void checkQuery(String text, String field) {
        if (text.isBlank()) {
            throw new GatewayException(ErrorCode.INVALID_QUERY, "The query is empty", "Send a question of 1 to "
                    + MAX_QUERY_CHARS + " characters", Map.of("field", field));
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_QUERY_CHARS) {
            throw new GatewayException(ErrorCode.QUERY_TOO_LONG, "The query has " + length + " characters; at most "
                    + MAX_QUERY_CHARS + " are accepted", "Shorten the question", Map.of("field", field,
                    "maxChars", MAX_QUERY_CHARS, "chars", length));
        }
    }

    /** hit: the cached part is the answer; miss: the upstream runs next; bypass: no read, no write. */
    public void lookup(Exchange exchange) {
        Request request = exchange.getProperty(ExchangeKeys.QUERY_REQUEST, Request.class);
        if (!request.useCache()) {
            exchange.setProperty(ExchangeKeys.QUERY_CACHE_STATUS, "bypass");
            step(exchange, "upstream");
            return;
        }
        Optional<AnswerCache.Cached> cached = cache.lookup(request.prefix(), request.normalized());
        if (cached.isPresent()) {
            exchange.setProperty(ExchangeKeys.QUERY_CACHE_STATUS, "hit");
            exchange.setProperty(ExchangeKeys.QUERY_MAPPED, cached.get().answer());
            exchange.setProperty(ExchangeKeys.QUERY_TOKENS_SAVED, cached.get().tokenCost());
        } else {
            exchange.setProperty(ExchangeKeys.QUERY_CACHE_STATUS, "miss");
            step(exchange, "upstream");
        }
    }

    /**
     * One non-streaming run of the question in exchange property {@code queryText} (the body becomes
     * Cortex's answer). Runs inside the cortex circuit breaker of direct:query-upstream, which cache
     * warming uses too; failures are the Cortex adapter's mapped errors (502, 504, 429...).
     */
    public JsonNode dispatch(Exchange exchange) {
        String text = exchange.getProperty(ExchangeKeys.QUERY_TEXT, String.class);
        UpstreamClock upstream = new UpstreamClock();
        long started = System.nanoTime();
        try {
            JsonNode answer = upstream.run(() -> cortex.runBlocking(AgentRunInput.ofUserText(text)));
            genAi.chatFinished(System.nanoTime() - started, null);
            List<TokenUsage> reported = TokenUsage.of(new CortexEvent("response", answer));
            for (TokenUsage usage : reported) {
                genAi.tokens(usage.model(), usage.inputTokens(), usage.outputTokens());
            }
            UsageMeter meter = UsageMeter.on(exchange);
            if (meter != null) {
                meter.tokens(reported);
            }
            return answer;
        } catch (GatewayException e) {
            genAi.chatFinished(System.nanoTime() - started, e.code().name());
            throw e;
        } finally {
            Long before = exchange.getProperty(ExchangeKeys.UPSTREAM_NANOS, Long.class);
            exchange.setProperty(ExchangeKeys.UPSTREAM_NANOS, (before == null ? 0 : before) + upstream.nanos());
        }
    }

    /** The upstream's answer (the body) to the cached part; stored when this was a miss. */
    public void map(Exchange exchange) {
        step(exchange, "mapping");
        Request request = exchange.getProperty(ExchangeKeys.QUERY_REQUEST, Request.class);
        ObjectNode mapped = mapper.map(exchange.getMessage().getBody(JsonNode.class));
        exchange.setProperty(ExchangeKeys.QUERY_MAPPED, mapped);
        if ("miss".equals(exchange.getProperty(ExchangeKeys.QUERY_CACHE_STATUS, String.class))) {
            cache.put(request.prefix(), request.normalized(), mapped);
        }
    }

    /** The answer: per-request fields around the cached part, in the same order for every cache status. */
    public ObjectNode answer(Exchange exchange) {
        String status = exchange.getProperty(ExchangeKeys.QUERY_CACHE_STATUS, String.class);
        ObjectNode mapped = exchange.getProperty(ExchangeKeys.QUERY_MAPPED, ObjectNode.class);
        QueryRecords.Query query = exchange.getProperty(ExchangeKeys.QUERY, QueryRecords.Query.class);
        long nanos = System.nanoTime() - GatewayOverhead.startedNanos(exchange);
        boolean hit = "hit".equals(status);
        ObjectNode answer = json.createObjectNode().put("query_id", query.id());
        answer.set("response", mapped.get("response"));
        ObjectNode metadata = answer.putObject("metadata")
                .put("latency_ms", Math.round(nanos / 10_000.0) / 100.0)
                .put("cache_status", status);
        metadata.set("token_cost", mapped.get("token_cost"));
        metadata.put("cost_savings_percent", hit ? 100 : 0);
        metadata.set("tools_used", mapped.get("tools_used"));
        if (mapped.has("confidence_score")) {
            metadata.set("confidence_score", mapped.get("confidence_score"));
        } else {
            // the agents API reports no confidence: null, never a made-up number
            metadata.putNull("confidence_score");
        }
        answer.set("sources", mapped.get("sources"));
        // the contract's word for an answered query (a failed one is an error envelope, never this body)
        answer.put("status", "success");
        exchange.setProperty(ExchangeKeys.QUERY, records.step(query, "done"));
        if (hit) {
            counters.hit(nanos, exchange.getProperty(ExchangeKeys.QUERY_TOKENS_SAVED, Long.class));
        } else if ("miss".equals(status)) {
            counters.miss(nanos, mapped.path("token_cost").asLong(0));
        }
        return answer;
    }

    /** The last step whatever happened: a query that did not reach done failed at the step it was on. */
    public void settle(Exchange exchange) {
        QueryRecords.Query query = exchange.getProperty(ExchangeKeys.QUERY, QueryRecords.Query.class);
        if (query != null && query.status() == QueryRecords.Status.RUNNING) {
            records.fail(query);
        }
    }

    /** {@code GET /api/v1/query/{queryId}/status}: the owner's view of a query's progress. */
    public ObjectNode status(Exchange exchange) {
        String id = exchange.getIn().getHeader("queryId", String.class);
        QueryRecords.Query query = (id == null || id.length() > 64 ? Optional.<QueryRecords.Query>empty() : records.get(id))
                .filter(q -> q.owner().equals(Owner.of(exchange).key()))
                .orElseThrow(() -> new GatewayException(ErrorCode.QUERY_NOT_FOUND, "No query with this id",
                        "Query ids come from the answer of POST /api/v1/query and are kept for a limited time", Map.of()));
        ObjectNode node = json.valueToTree(query.progress());
        // the contract's grouping: the step by name, with the same counts as the flat fields
        node.putObject("progress")
                .put("current_step", query.step())
                .put("total_steps", QueryRecords.STEPS.size())
                .put("completion_percent", query.completionPercent());
        // a query is one request to one upstream run: there is nothing to base an estimate on
        node.putNull("estimated_completion");
        node.put("created_at", query.createdAt().toString()).put("updated_at", query.updatedAt().toString());
        String finished = query.finishedAt() == null ? null : query.finishedAt().toString();
        node.put("completed_at", finished);
        node.put("finished_at", finished);
        return node;
    }

    private void step(Exchange exchange, String step) {
        QueryRecords.Query query = exchange.getProperty(ExchangeKeys.QUERY, QueryRecords.Query.class);
        if (query != null) {
            exchange.setProperty(ExchangeKeys.QUERY, records.step(query, step));
        }
    }

    /** @param text the question as asked (trimmed); normalized the cache key's form of it */
    record Request(String text, String normalized, String prefix, boolean useCache) {
    }
}
