package dev.cortexgateway.tools.kinds.cortex_search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.cortex.SnowflakeName;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cortex_search definition checks, path and answer mapping, without HTTP. */
class CortexSearchMappingTest {

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode parse(String text) throws Exception {
        return json.readTree(text);
    }

    private static List<String> fields(List<Map<String, String>> errors) {
        return errors.stream().map(e -> e.get("field")).toList();
    }

    // --- paths

    @Test
    void theQueryPathEncodesEachPartOfTheServiceName() {
        SnowflakeName name = SnowflakeName.parse("\"My Db\".PUBLIC.\"svc.\"\"x\"\"/1\"").orElseThrow();
        assertThat(CortexSearchTool.path(name)).isEqualTo(
                "/api/v2/databases/%22My%20Db%22/schemas/PUBLIC/cortex-search-services/%22svc.%22%22x%22%22%2F1%22:query");
        assertThat(CortexSearchTool.path(SnowflakeName.parse("db.sch.docs_search$1").orElseThrow()))
                .isEqualTo("/api/v2/databases/db/schemas/sch/cortex-search-services/docs_search%241:query");
    }

    // --- search definitions

    @Test
    void aCompleteSearchDefinitionIsValid() throws Exception {
        assertThat(CortexSearchTool.validateDefinition(parse("""
                {"kind":"cortex_search","service":"DB.SCHEMA.SERVICE",
                 "columns":{"title":"title","snippet":"chunk","sourceUrl":"url","confidence":null}}"""))).isEmpty();
        assertThat(CortexSearchTool.validateDefinition(parse("""
                {"service":"DB.SCHEMA.\\"Docs Search\\"",
                 "columns":{"title":"title","snippet":"chunk","sourceUrl":"url","confidence":"score"}}"""))).isEmpty();
    }

    @Test
    void searchDefinitionErrorsNameEachField() throws Exception {
        assertThat(fields(CortexSearchTool.validateDefinition(parse("""
                {"kind":"cortex_analyst","service":"DB.SERVICE",
                 "columns":{"title":"","snippet":3,"confidence":7,"sourceURL":"url"}}"""))))
                .containsExactlyInAnyOrder("/kind", "/service", "/columns/title", "/columns/snippet",
                        "/columns/sourceUrl", "/columns/confidence", "/columns/sourceURL");
        assertThat(fields(CortexSearchTool.validateDefinition(parse("{\"kind\":\"cortex_search\"}"))))
                .containsExactly("/service", "/columns");
        assertThat(fields(CortexSearchTool.validateDefinition(parse("[]")))).containsExactly("");
        assertThat(CortexSearchTool.validateDefinition(null)).hasSize(1);
        assertThat(CortexSearchTool.validateDefinition(parse("{\"service\":\"A.B.C\",\"columns\":{}}")))
                .allSatisfy(e -> assertThat(e).containsOnlyKeys("field", "message"));
    }

    // --- search answers

    private static final CortexSearchTool.Columns WITH_SCORE = new CortexSearchTool.Columns("title", "chunk", "url", "score");

    @Test
    void confidenceIsKeptOnlyForNumbersInZeroToOne() throws Exception {
        JsonNode answer = parse("""
                {"results":[
                  {"title":"A","chunk":"a","url":"https://x.example/a","score":0.75},
                  {"title":"B","chunk":"b","url":"https://x.example/b","score":1.5},
                  {"title":"C","chunk":"c","url":"https://x.example/c","score":"0.25"},
                  {"title":"D","chunk":"d","url":"https://x.example/d","score":"high"},
                  {"title":"E","chunk":"e","url":"https://x.example/e"}],
                 "request_id":"r1"}""");
        JsonNode results = CortexSearchTool.map(answer, WITH_SCORE, 10, 12, json).get("results");
        assertThat(results.get(0).get("confidence").asDouble()).isEqualTo(0.75);
        assertThat(results.get(1).has("confidence")).isFalse();
        assertThat(results.get(2).get("confidence").asDouble()).isEqualTo(0.25);
        assertThat(results.get(3).has("confidence")).isFalse();
        assertThat(results.get(4).has("confidence")).isFalse();
    }

    @Test
    void onlyAbsoluteHttpUrlsAreSources() throws Exception {
        JsonNode answer = parse("""
                {"results":[
                  {"title":"ok","chunk":"a","url":"http://x.example/a"},
                  {"title":"relative","chunk":"b","url":"/docs/b"},
                  {"title":"ftp","chunk":"c","url":"ftp://x.example/c"},
                  {"title":"script","chunk":"d","url":"javascript:alert(1)"},
                  {"title":"none","chunk":"e","url":null},
                  {"title":"broken","chunk":"f","url":"https://x example"},
                  {"chunk":"untitled","url":"HTTPS://x.example/g"},
                  "not a row"],
                 "request_id":"r1"}""");
        JsonNode out = CortexSearchTool.map(answer, WITH_SCORE, 10, 3, json);
        assertThat(out.get("results")).hasSize(2);
        assertThat(out.get("results").get(1).get("title").asText()).isEqualTo("HTTPS://x.example/g");
        assertThat(out.get("dropped").asInt()).isEqualTo(6);
        assertThat(out.get("latencyMs").asLong()).isEqualTo(3);
    }

    @Test
    void rowsBeyondTopKAreNotPassedOnAndAMissingResultsArrayIsUnreadable() throws Exception {
        JsonNode answer = parse("""
                {"results":[{"title":"A","chunk":"a","url":"https://x.example/a"},
                            {"title":"B","chunk":"b","url":"https://x.example/b"}]}""");
        assertThat(CortexSearchTool.map(answer, WITH_SCORE, 1, 0, json).get("results")).hasSize(1);
        assertThatThrownBy(() -> CortexSearchTool.map(parse("{\"request_id\":\"r9\"}"), WITH_SCORE, 5, 0, json))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
                    assertThat(e.details()).containsEntry("upstreamRequestId", "r9");
                });
    }
}
