package dev.cortexgateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.jobs.JobAnswers;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.route.IdempotencyKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The Camel steps of the warm-up routes (routes/cache.yaml) and the one class of {@code cache} that
 * knows Camel: it reads the exchange (caller, owner, idempotency key), answers 200 / 202 with
 * {@code Location}, and asks Cortex through {@code direct:query-upstream} for {@link CacheWarming},
 * which is plain Java.
 */
@Component("cacheWarmingSteps")
public final class CacheWarmingSteps {

    private final CacheWarming warming;
    private final ProducerTemplate routes;

    public CacheWarmingSteps(CacheWarming warming, CamelContext camel) {
        this.warming = warming;
        this.routes = camel.createProducerTemplate();
    }

    /** {@code POST /api/v1/cache/warm}: 202 while the job runs (always with async), 200 when a sync one ended in time. */
    public ObjectNode warm(Exchange exchange) {
        CacheWarming.Started started = warming.warm(exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class),
                Owner.of(exchange).key(), () -> IdempotencyKeys.of(exchange), this::askUpstream);
        if (started.replayed()) {
            JobAnswers.replayed(exchange);
        }
        JobAnswers.status(exchange, started.job(), CacheWarming.progressUrl(started.job().id()));
        return started.view();
    }

    /** {@code GET /api/v1/cache/warm/{jobId}/status}. */
    public ObjectNode status(Exchange exchange) {
        return warming.status(exchange.getIn().getHeader("jobId", String.class), Owner.of(exchange).key(),
                exchange.getProperty(ExchangeKeys.PRINCIPAL, VerifiedToken.class));
    }

    /** One question through the same upstream route as {@code /query}, on this thread (so inside the job's cancel scope). */
    private JsonNode askUpstream(String question) throws Exception {
        Exchange done = routes.send("direct:query-upstream", exchange -> exchange.setProperty(ExchangeKeys.QUERY_TEXT, question));
        if (done.getException() != null) {
            throw done.getException();
        }
        return done.getMessage().getBody(JsonNode.class);
    }
}
