package dev.cortexgateway.cortex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.config.CortexProperties;
import dev.cortexgateway.config.CortexProperties.Agent;
import dev.cortexgateway.config.CortexProperties.Mode;
import dev.cortexgateway.config.CortexProperties.Tools;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Run endpoints and bodies, compared as whole JSON documents so nothing extra slips in. */
class AgentRunRequestsTest {

    private static final URI BASE = URI.create("https://myorg-acct.snowflakecomputing.com/");
    private static final AgentRunInput CONVERSATION = new AgentRunInput(List.of(
            new AgentRunInput.Message("user", "Revenue in 2023?"),
            new AgentRunInput.Message("assistant", "1.2M"),
            new AgentRunInput.Message("user", "And 2024?")));
    private static final String MESSAGES = """
            [{"role":"user","content":[{"type":"text","text":"Revenue in 2023?"}]},
             {"role":"assistant","content":[{"type":"text","text":"1.2M"}]},
             {"role":"user","content":[{"type":"text","text":"And 2024?"}]}]""";

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode body(CortexProperties properties, boolean stream) {
        return new AgentRunRequests(properties.checked(), json).body(CONVERSATION, stream);
    }

    private JsonNode parse(String text) throws Exception {
        return json.readTree(text);
    }

    @Test
    void inlineWithBothToolsUsesTheCurrentSchema() throws Exception {
        CortexProperties properties = TestSettings.withContext(TestSettings.inline(BASE,
                new Tools("DB.SCH.DOCS_SEARCH", "@DB.SCH.STAGE/model.yaml", null, null)), "ANALYST", "COMPUTE_WH");
        assertThat(new AgentRunRequests(properties, json).uri())
                .isEqualTo(URI.create("https://myorg-acct.snowflakecomputing.com/api/v2/cortex/agent:run"));
        assertThat(body(properties, true)).isEqualTo(parse("""
                {"models":{"orchestration":"claude-4-sonnet"},
                 "messages":%s,
                 "tools":[{"tool_spec":{"type":"cortex_analyst_text_to_sql","name":"cortex_analyst_text_to_sql"}},
                          {"tool_spec":{"type":"cortex_search","name":"cortex_search"}}],
                 "tool_resources":{
                   "cortex_analyst_text_to_sql":{"semantic_model_file":"@DB.SCH.STAGE/model.yaml",
                       "execution_environment":{"type":"warehouse","warehouse":"COMPUTE_WH"}},
                   "cortex_search":{"search_service":"DB.SCH.DOCS_SEARCH"}},
                 "tool_choice":{"type":"auto"},
                 "stream":true}""".formatted(MESSAGES)));
    }

    @Test
    void inlineWithASemanticViewAndItsOwnWarehouse() throws Exception {
        CortexProperties properties = TestSettings.withContext(
                TestSettings.inline(BASE, new Tools(null, null, "DB.SCH.SALES_VIEW", "TOOLS_WH")), null, "COMPUTE_WH");
        JsonNode body = body(properties, false);
        assertThat(body.get("tools")).isEqualTo(parse(
                "[{\"tool_spec\":{\"type\":\"cortex_analyst_text_to_sql\",\"name\":\"cortex_analyst_text_to_sql\"}}]"));
        assertThat(body.get("tool_resources")).isEqualTo(parse("""
                {"cortex_analyst_text_to_sql":{"semantic_view":"DB.SCH.SALES_VIEW",
                  "execution_environment":{"type":"warehouse","warehouse":"TOOLS_WH"}}}"""));
        assertThat(body.get("stream").booleanValue()).isFalse();
    }

    @Test
    void inlineWithoutToolsSendsNoToolFields() throws Exception {
        assertThat(body(TestSettings.inline(BASE, TestSettings.NO_TOOLS), true)).isEqualTo(parse("""
                {"models":{"orchestration":"claude-4-sonnet"},"messages":%s,
                 "tool_choice":{"type":"auto"},"stream":true}""".formatted(MESSAGES)));
    }

    @Test
    void objectModeSendsOnlyTheConversationToTheAgentsPath() throws Exception {
        CortexProperties properties = TestSettings.withAgent(TestSettings.inline(URI.create("http://127.0.0.1:8080"),
                        new Tools("DB.SCH.SVC", null, null, null)),
                new Agent(Mode.OBJECT, "SALES_DB", "AGENTS", "My Agent", "claude-4-sonnet", false,
                        new Tools("DB.SCH.SVC", null, null, null)));
        assertThat(new AgentRunRequests(properties, json).uri()).isEqualTo(URI.create(
                "http://127.0.0.1:8080/api/v2/databases/SALES_DB/schemas/AGENTS/agents/My%20Agent:run"));
        assertThat(body(properties, true)).isEqualTo(parse("""
                {"messages":%s,"tool_choice":{"type":"auto"},"stream":true}""".formatted(MESSAGES)));
    }

    @Test
    void legacyUsesModelAndTheOldResourceKeys() throws Exception {
        CortexProperties properties = TestSettings.withContext(TestSettings.withAgent(TestSettings.inline(BASE, TestSettings.NO_TOOLS),
                new Agent(Mode.INLINE, null, null, null, "claude-3-5-sonnet", true,
                        new Tools("DB.SCH.SVC", "@DB.SCH.ST/m.yaml", null, null))), null, "COMPUTE_WH");
        assertThat(body(properties, true)).isEqualTo(parse("""
                {"model":"claude-3-5-sonnet","messages":%s,
                 "tools":[{"tool_spec":{"type":"cortex_analyst_text_to_sql","name":"cortex_analyst_text_to_sql"}},
                          {"tool_spec":{"type":"cortex_search","name":"cortex_search"}}],
                 "tool_resources":{"cortex_analyst_text_to_sql":{"semantic_model_file":"@DB.SCH.ST/m.yaml"},
                                   "cortex_search":{"name":"DB.SCH.SVC"}},
                 "tool_choice":{"type":"auto"},"stream":true}""".formatted(MESSAGES)));
    }
}
