package dev.cortexgateway.tools.kinds.cortex_analyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cortex_analyst definition checks, request and answer mapping, without HTTP. */
class CortexAnalystMappingTest {

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode parse(String text) throws Exception {
        return json.readTree(text);
    }

    private static List<String> fields(List<Map<String, String>> errors) {
        return errors.stream().map(e -> e.get("field")).toList();
    }

    // --- analyst definitions

    @Test
    void analystDefinitionsTakeExactlyOneModelSource() throws Exception {
        assertThat(CortexAnalystTool.validateDefinition(parse(
                "{\"kind\":\"cortex_analyst\",\"semanticModelFile\":\"@DB.SCHEMA.STAGE/model.yaml\"}"))).isEmpty();
        assertThat(CortexAnalystTool.validateDefinition(parse(
                "{\"kind\":\"cortex_analyst\",\"semanticModelFile\":\"@DB.SCHEMA.\\\"My/Stage\\\"/dir/model.YML\"}"))).isEmpty();
        assertThat(CortexAnalystTool.validateDefinition(parse(
                "{\"kind\":\"cortex_analyst\",\"semanticView\":\"DB.SCHEMA.VIEW\"}"))).isEmpty();
        assertThat(fields(CortexAnalystTool.validateDefinition(parse(
                "{\"kind\":\"cortex_analyst\",\"semanticModelFile\":\"@DB.SCHEMA.STAGE/model.yaml\",\"semanticView\":\"DB.SCHEMA.VIEW\"}"))))
                .containsExactly("/semanticView");
        assertThat(fields(CortexAnalystTool.validateDefinition(parse("{\"kind\":\"cortex_analyst\"}"))))
                .containsExactly("/semanticModelFile");
        assertThat(fields(CortexAnalystTool.validateDefinition(parse("{\"kind\":\"cortex_search\",\"semanticView\":\"DB.S.V\"}"))))
                .containsExactly("/kind");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DB.SCHEMA.STAGE/model.yaml", "@DB.SCHEMA.STAGE", "@DB.SCHEMA.STAGE/", "@STAGE/model.yaml",
            "@DB.SCHEMA.STAGE/model.json", "@DB.SCHEMA.STAGE//model.yaml", "@DB.SCHEMA.STAGE model.yaml"})
    void badSemanticModelFilesAreRefused(String file) {
        assertThat(fields(CortexAnalystTool.validateDefinition(json.createObjectNode().put("semanticModelFile", file))))
                .containsExactly("/semanticModelFile");
    }

    @Test
    void badSemanticViewsAndTypesAreRefused() {
        assertThat(fields(CortexAnalystTool.validateDefinition(json.createObjectNode().put("semanticView", "SCHEMA.VIEW"))))
                .containsExactly("/semanticView");
        assertThat(fields(CortexAnalystTool.validateDefinition(json.createObjectNode().put("semanticView", 5))))
                .containsExactly("/semanticView");
    }

    // --- analyst requests and answers

    @Test
    void theRequestCarriesTheQuestionAndTheModelButNotTheSchemaContext() throws Exception {
        CortexAnalystTool tool = new CortexAnalystTool();
        JsonNode body = tool.body(parse("{\"semanticView\":\"DB.SCHEMA.VIEW\"}"),
                parse("{\"question\":\"Revenue in 2024?\",\"schemaContext\":[{\"table\":\"orders\"}]}"));
        assertThat(body).isEqualTo(parse("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"Revenue in 2024?"}]}],
                 "semantic_view":"DB.SCHEMA.VIEW","stream":false}"""));
        assertThat(tool.body(parse("{\"semanticModelFile\":\"@DB.S.ST/m.yaml\"}"), parse("{\"question\":\"q\"}"))
                .get("semantic_model_file").asText()).isEqualTo("@DB.S.ST/m.yaml");
    }

    @Test
    void aVerifiedQueryGivesFullConfidenceAndUnknownContentIsSkipped() throws Exception {
        JsonNode out = CortexAnalystTool.map(parse("""
                {"request_id":"r2","message":{"role":"analyst","content":[
                  {"type":"text","text":"We interpreted your question as revenue per year."},
                  {"type":"think","think":"hmm"},
                  {"type":"sql","statement":"SELECT 1","confidence":{"verified_query_used":
                     {"name":"rev","question":"revenue per year","sql":"SELECT 1","verified_at":1714000000,"verified_by":"ana"}}},
                  {"type":"chart","chart_spec":"{}"}]},
                 "warnings":[]}"""), json);
        assertThat(out).isEqualTo(parse("""
                {"sql":"SELECT 1","confidence":1.0,
                 "explanations":["We interpreted your question as revenue per year."],"requestId":"r2"}"""));
    }

    @Test
    void suggestionsComeWithANullSql() throws Exception {
        JsonNode out = CortexAnalystTool.map(parse("""
                {"request_id":"r3","message":{"role":"analyst","content":[
                  {"type":"text","text":"Your question is unclear."},
                  {"type":"suggestions","suggestions":["What was revenue?","",null,"Who are the top customers?"]}]}}"""), json);
        assertThat(out).isEqualTo(parse("""
                {"sql":null,"explanations":["Your question is unclear."],
                 "suggestions":["What was revenue?","Who are the top customers?"],"requestId":"r3"}"""));
    }

    @Test
    void anAnswerWithoutContentIsUnreadable() {
        assertThatThrownBy(() -> CortexAnalystTool.map(parse("{\"request_id\":\"r4\",\"message\":{}}"), json))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR));
    }
}
