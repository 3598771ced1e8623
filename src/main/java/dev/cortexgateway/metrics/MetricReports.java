package dev.cortexgateway.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.store.MetricReportStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The store step of {@code POST /api/v1/metrics/report}: a benchmark run's report, already checked
 * against the contract's MetricsReport schema, is stored once per {@code runId}. A resend (a client
 * retrying after a lost answer) answers 204 like the first send, with {@code X-Idempotent-Replay:
 * true}, and stores nothing: the run id's primary key decides, so this holds across instances too.
 */
@Component("metricReports")
public final class MetricReports {

    static final String COUNTER = "gateway.metric.reports";

    private final MetricReportStore store;
    private final ObjectMapper json;
    private final MeterRegistry registry;

    public MetricReports(MetricReportStore store, ObjectMapper json, MeterRegistry registry) {
        this.store = store;
        this.json = json;
        this.registry = registry;
    }

    public void store(Exchange exchange) {
        JsonNode report = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        VerifiedToken caller = exchange.getProperty(ExchangeKeys.PRINCIPAL, VerifiedToken.class);
        // uuids compare without case: one run, one row, however the client spells it
        String runId = report.path("runId").asText().toLowerCase(Locale.ROOT);
        String client = report.path("client").asText();
        requireEventsOfThisRun(report.path("events"), runId, client);
        boolean stored = store.saveIfAbsent(runId, client, caller.clientId(), text(report));
        registry.counter(COUNTER, "outcome", stored ? "stored" : "duplicate").increment();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        if (!stored) {
            exchange.getMessage().setHeader("X-Idempotent-Replay", "true");
        }
        exchange.getMessage().setBody(null);
    }

    /** An event that names another run or client is a mix-up on the client's side: refuse the report. */
    private static void requireEventsOfThisRun(JsonNode events, String runId, String client) {
        List<Map<String, String>> fields = new ArrayList<>();
        for (int i = 0; i < events.size() && fields.size() < 20; i++) {
            JsonNode event = events.get(i);
            if (!runId.equalsIgnoreCase(event.path("runId").asText())) {
                fields.add(Map.of("field", "/events/" + i + "/runId", "message", "must be the report's runId"));
            }
            if (!client.equals(event.path("client").asText())) {
                fields.add(Map.of("field", "/events/" + i + "/client", "message", "must be the report's client"));
            }
        }
        if (!fields.isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "Events of the report belong to another run or client",
                    "Send each run's events in that run's report", Map.of("fields", fields));
        }
    }

    private String text(JsonNode report) {
        try {
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serializes", e);
        }
    }
}
