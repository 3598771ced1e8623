package dev.cortexgateway.cortex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TokenUsageTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsEachModelsInputAndOutputTotalsFromTheResponseEvent() throws Exception {
        CortexEvent response = new CortexEvent("response", json.readTree("""
                {"role":"assistant","content":[],"metadata":{"usage":{"tokens_consumed":[
                  {"model_name":"claude-4-sonnet","input_tokens":{"total":812,"cache_read":0,"cache_write":0,"uncached":812},
                   "output_tokens":{"total":95},"context_window":200000},
                  {"model_name":"snowflake-arctic-embed","input_tokens":{"total":12},"output_tokens":{}}]}}}"""));

        assertThat(TokenUsage.of(response)).containsExactly(
                new TokenUsage("claude-4-sonnet", 812, 95),
                new TokenUsage("snowflake-arctic-embed", 12, 0));
    }

    @Test
    void reportsNothingWhenTheUpstreamReportsNothing() throws Exception {
        assertThat(TokenUsage.of(new CortexEvent("response", json.readTree("{\"role\":\"assistant\",\"content\":[]}")))).isEmpty();
        assertThat(TokenUsage.of(new CortexEvent("response.text.delta", json.readTree(
                "{\"metadata\":{\"usage\":{\"tokens_consumed\":[{\"input_tokens\":{\"total\":5}}]}}}")))).isEmpty();
        assertThat(TokenUsage.of(new CortexEvent("response", json.readTree(
                "{\"metadata\":{\"usage\":{\"tokens_consumed\":[{\"model_name\":\"m\",\"input_tokens\":{\"total\":\"lots\"}}]}}}")))).isEmpty();
    }
}
