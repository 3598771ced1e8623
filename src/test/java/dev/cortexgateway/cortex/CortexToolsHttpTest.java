package dev.cortexgateway.cortex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.simulator.SimulatorRuns;
import dev.cortexgateway.support.CancelScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The Search and Analyst tools' dispatch routes (routes/tools/cortex_search.yaml, cortex_analyst.yaml, cortex-call.yaml) against the in-process simulator over real HTTP (the gateway's own
 * port, through the own-port wiring), in the same context as the simulator's HTTP tests.
 * Simulator scenarios ride in the query or question text, e.g. {@code [[sim:status code=429]]}.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class CortexToolsHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEARCH = """
            {"kind":"cortex_search","service":"DOCS_DB.PUBLIC.DOCS_SEARCH",
             "columns":{"title":"title","snippet":"chunk","sourceUrl":"url","confidence":null}}""";
    private static final String ANALYST_FILE = """
            {"kind":"cortex_analyst","semanticModelFile":"@SALES.PUBLIC.MODELS/sales.yaml"}""";
    private static final String ANALYST_VIEW = """
            {"kind":"cortex_analyst","semanticView":"SALES.PUBLIC.\\"Sales View\\""}""";

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate routes;

    @Autowired
    SimulatorRuns runs;

    /** What the tool pipeline hands the kind's dispatch route: the definition, the arguments and the timeout. */
    private record Call(JsonNode definition, JsonNode arguments, Duration timeout) {
    }

    private Call exchange(String definition, String arguments, Duration timeout) throws Exception {
        return new Call(JSON.readTree(definition), JSON.readTree(arguments), timeout == null ? Duration.ofSeconds(10) : timeout);
    }

    private ObjectNode search(Call call) {
        return dispatch("direct:tool-kind-cortex_search-dispatch", call);
    }

    private ObjectNode textToSql(Call call) {
        return dispatch("direct:tool-kind-cortex_analyst-dispatch", call);
    }

    /** Runs the kind's dispatch route on this thread (so under the caller's CancelScope); its failure is rethrown as it is. */
    private ObjectNode dispatch(String route, Call call) {
        Exchange done = routes.send(route, exchange -> {
            exchange.setProperty(ExchangeKeys.TOOL_DEFINITION, call.definition());
            exchange.setProperty(ExchangeKeys.TOOL_ARGUMENTS, call.arguments());
            exchange.setProperty(ExchangeKeys.TOOL_TIMEOUT, call.timeout());
        });
        Exception failure = done.getException();
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        } else if (failure != null) {
            throw new AssertionError(failure);
        }
        return done.getMessage().getBody(ObjectNode.class);
    }

    private ObjectNode search(String arguments) throws Exception {
        return search(exchange(SEARCH, arguments, Duration.ofSeconds(10)));
    }

    /** Runs a call whose simulator answer is stalled, then waits for the stall to end, so its count lands in this test. */
    private void stalled(Runnable call) throws InterruptedException {
        long endedBefore = runs.completed() + runs.cancelled();
        try {
            call.run();
        } finally {
            await("the simulator ends the stalled answer").atMost(Duration.ofSeconds(10))
                    .until(() -> runs.completed() + runs.cancelled() != endedBefore);
        }
    }

    private static List<String> values(JsonNode results, String field) {
        List<String> values = new ArrayList<>();
        results.forEach(r -> values.add(r.path(field).asText()));
        return values;
    }

    private static GatewayException failure(Runnable call) {
        try {
            call.run();
        } catch (GatewayException e) {
            return e;
        }
        throw new AssertionError("expected a GatewayException");
    }

    @Test
    void searchMapsTheServiceColumnsToTheContract() throws Exception {
        ObjectNode out = search("{\"query\":\"travel expense reimbursement\",\"topK\":3}");
        JsonNode first = out.get("results").get(0);
        assertThat(first.get("title").asText()).isEqualTo("Travel and Expense Policy");
        assertThat(first.get("sourceUrl").asText()).isEqualTo("https://docs.example.com/policies/travel-and-expense");
        assertThat(first.get("snippet").asText()).startsWith("Employees book travel");
        assertThat(first.has("confidence")).as("no confidence column").isFalse();
        assertThat(first.size()).isEqualTo(3);
        assertThat(out.get("latencyMs").isIntegralNumber()).isTrue();
        assertThat(out.has("dropped")).isFalse();
    }

    @Test
    void searchHonoursTopKAndDefaultsToFive() throws Exception {
        String broad = "policy ledger glossary finance";
        assertThat(search("{\"query\":\"" + broad + "\",\"topK\":2}").get("results")).hasSize(2);
        assertThat(search("{\"query\":\"" + broad + "\"}").get("results")).hasSize(5);
        assertThat(search("{\"query\":\"" + broad + "\",\"topK\":10}").get("results")).hasSize(10);
    }

    @Test
    void searchPassesFiltersThroughAsCortexFilter() throws Exception {
        String query = "policy ledger glossary finance";
        assertThat(values(search("{\"query\":\"" + query + "\",\"topK\":10}").get("results"), "sourceUrl"))
                .anyMatch(url -> !url.contains("/policies/"));
        ObjectNode filtered = search("{\"query\":\"" + query + "\",\"topK\":10,"
                + "\"filters\":{\"@eq\":{\"category\":\"policy\"}}}");
        assertThat(values(filtered.get("results"), "sourceUrl")).hasSize(5).allMatch(url -> url.contains("/policies/"));
        ObjectNode negated = search("{\"query\":\"" + query + "\",\"topK\":10,"
                + "\"filters\":{\"@not\":{\"@eq\":{\"category\":\"policy\"}}}}");
        assertThat(values(negated.get("results"), "sourceUrl")).isNotEmpty().noneMatch(url -> url.contains("/policies/"));
    }

    @Test
    void searchFollowsTheDefinitionsColumnMapping() throws Exception {
        String definition = """
                {"kind":"cortex_search","service":"DOCS_DB.PUBLIC.DOCS_SEARCH",
                 "columns":{"title":"DOC_ID","snippet":"title","sourceUrl":"url","confidence":"category"}}""";
        ObjectNode out = search(exchange(definition, "{\"query\":\"remote work\",\"topK\":1}", null));
        JsonNode only = out.get("results").get(0);
        assertThat(only.get("title").asText()).as("column names match case-insensitively").isEqualTo("POL-002");
        assertThat(only.get("snippet").asText()).isEqualTo("Remote Work Policy");
        assertThat(only.has("confidence")).as("a category is not a number in 0..1").isFalse();
    }

    @Test
    void resultsWithoutAnAbsoluteUrlAreDroppedAndCounted() throws Exception {
        String definition = """
                {"kind":"cortex_search","service":"DOCS_DB.PUBLIC.DOCS_SEARCH",
                 "columns":{"title":"title","snippet":"chunk","sourceUrl":"doc_id"}}""";
        ObjectNode out = search(exchange(definition, "{\"query\":\"policy\",\"topK\":3}", Duration.ofSeconds(10)));
        assertThat(out.get("results")).isEmpty();
        assertThat(out.get("dropped").asInt()).isEqualTo(3);
    }

    @Test
    void searchUpstreamFailuresMapToGatewayCodes() {
        GatewayException unavailable = failure(() -> call("[[sim:status code=503]] travel"));
        assertThat(unavailable.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(unavailable.details()).containsEntry("upstreamStatus", 503).containsKey("upstreamRequestId");

        assertThat(failure(() -> call("[[sim:error]] travel")).code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);

        GatewayException limited = failure(() -> call("[[sim:status code=429 retryAfter=7]] travel"));
        assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(limited.details()).containsEntry("retryAfterSeconds", 7L);

        assertThat(failure(() -> call("[[sim:status code=504]] travel")).code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
    }

    private void call(String query) {
        try {
            search(exchange(SEARCH, JSON.createObjectNode().put("query", query).toString(), Duration.ofSeconds(10)));
        } catch (GatewayException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStalledSearchEndsWithUpstreamTimeoutAtTheToolTimeout() throws Exception {
        Call exchange = exchange(SEARCH, "{\"query\":\"[[sim:stall seconds=2]] travel\"}", Duration.ofMillis(300));
        // the stall outlasts the 300 ms timeout: without it the search would succeed once the stall ends
        stalled(() -> assertThatThrownBy(() -> search(exchange)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT)));
    }

    @Test
    void cancellingTheScopeEndsAStalledSearchAtOnce() throws Exception {
        // that the connection itself is closed is shown in CortexRestCallsHttpTest: Tomcat does not
        // notice a client leaving a pending async request, so the simulator cannot count it here
        Call exchange = exchange(SEARCH, "{\"query\":\"[[sim:stall seconds=2]] travel\"}", Duration.ofSeconds(30));
        CancelScope scope = new CancelScope();
        long startedBefore = runs.started("search:query");
        stalled(() -> {
            CompletableFuture<Throwable> ended = CompletableFuture.supplyAsync(() -> {
                try {
                    scope.run(() -> search(exchange));
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            try {
                // cancel only once the simulator holds the request, so there is an HTTP exchange to abort
                await("the simulator holds the request").atMost(Duration.ofSeconds(10))
                        .until(() -> runs.started("search:query") > startedBefore);
                scope.cancel();
                // without the cancel the search would succeed once the 2 s stall ends: the failure is the cancel's
                Throwable failure = ended.get(10, TimeUnit.SECONDS);
                assertThat(failure).isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void anAlreadyCancelledScopeSendsNothing() throws Exception {
        Call exchange = exchange(SEARCH, "{\"query\":\"travel\"}", Duration.ofSeconds(10));
        CancelScope scope = new CancelScope();
        scope.cancel();
        long before = runs.started("search:query");
        assertThatThrownBy(() -> scope.run(() -> search(exchange))).isInstanceOf(GatewayException.class);
        assertThat(runs.started("search:query")).isEqualTo(before);
    }

    @Test
    void analystAnswersWithSql() throws Exception {
        ObjectNode out = textToSql(exchange(ANALYST_FILE, """
                {"question":"What was the revenue by quarter in 2024?",
                 "schemaContext":[{"table":"revenue_by_quarter"}]}""", Duration.ofSeconds(10)));
        assertThat(out.get("sql").asText()).startsWith("SELECT").contains("revenue_by_quarter").contains("2024");
        assertThat(out.get("explanations")).hasSize(1);
        assertThat(out.get("explanations").get(0).asText()).contains("Revenue by fiscal quarter");
        assertThat(out.has("confidence")).as("no verified query was used").isFalse();
        assertThat(out.has("suggestions")).isFalse();
        assertThat(out.get("requestId").asText()).isNotBlank();
    }

    @Test
    void analystWithASemanticViewAnswersToo() throws Exception {
        ObjectNode out = textToSql(exchange(ANALYST_VIEW, "{\"question\":\"How are orders split by region?\"}", null));
        assertThat(out.get("sql").asText()).contains("GROUP BY o.region");
    }

    @Test
    void anUnclearQuestionGetsSuggestionsAndNoSql() throws Exception {
        ObjectNode out = textToSql(exchange(ANALYST_FILE, "{\"question\":\"Tell me something nice\"}", null));
        assertThat(out.get("sql").isNull()).isTrue();
        assertThat(out.get("suggestions")).hasSize(4);
        assertThat(out.get("suggestions").get(0).asText()).isEqualTo("What was the revenue by quarter in 2024?");
        assertThat(out.get("explanations")).hasSize(1);
    }

    @Test
    void suggestionsTypedSuggestionAreReadLikeSuggestions() throws Exception {
        ObjectNode out = textToSql(exchange(ANALYST_FILE,
                "{\"question\":\"[[sim:wire variant=analyst-suggestion]] Tell me something nice\"}", null));
        assertThat(out.get("sql").isNull()).isTrue();
        assertThat(out.get("suggestions")).hasSize(4);
        assertThat(out.get("suggestions").get(0).asText()).isEqualTo("What was the revenue by quarter in 2024?");
    }

    @Test
    void analystFailuresMapToGatewayCodes() {
        assertThat(analystFailure("[[sim:status code=500]] revenue by quarter").code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(analystFailure("[[sim:status code=429]] revenue by quarter").code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(analystFailure("[[sim:error]] revenue by quarter").code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
    }

    @Test
    void aStalledAnalystCallEndsWithUpstreamTimeout() throws Exception {
        Call exchange = exchange(ANALYST_FILE, "{\"question\":\"[[sim:stall seconds=1]] revenue by quarter\"}",
                Duration.ofMillis(300));
        stalled(() -> assertThatThrownBy(() -> textToSql(exchange)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT)));
    }

    private GatewayException analystFailure(String question) {
        return failure(() -> {
            try {
                textToSql(exchange(ANALYST_FILE, JSON.createObjectNode().put("question", question).toString(),
                        Duration.ofSeconds(10)));
            } catch (GatewayException e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void anInvalidDefinitionIsAProgrammingError() throws Exception {
        Call exchange = exchange("{\"kind\":\"cortex_search\",\"service\":\"ONLY_ONE\",\"columns\":{}}",
                "{\"query\":\"travel\"}", null);
        assertThatThrownBy(() -> search(exchange)).isInstanceOf(IllegalArgumentException.class);
    }
}
