package dev.cortexgateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ExecutionResultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTableBecomesRowsOfObjectsKeyedByColumn() throws Exception {
        JsonNode table = JSON.readTree("""
                {"columns":[{"name":"quarter","type":"string"},{"name":"value","type":"number"}],
                 "rows":[["2024-Q1",160983.70],["2024-Q2",358989.12]],"rowCount":2,"truncated":true,
                 "truncatedReason":"max_rows","latencyMs":3}""");

        JsonNode result = ExecutionResults.of(table, 8L, JSON);

        assertThat(result.toString()).isEqualTo("{\"rows\":[{\"quarter\":\"2024-Q1\",\"value\":160983.7},"
                + "{\"quarter\":\"2024-Q2\",\"value\":358989.12}],\"row_count\":2,\"columns\":[\"quarter\",\"value\"],"
                + "\"column_types\":[\"string\",\"number\"],\"truncated\":true,\"truncated_reason\":\"max_rows\","
                + "\"execution_time_ms\":8,\"status\":\"success\"}");
    }

    @Test
    void anotherToolsAnswerIsKeptAsOutputWithNoTable() throws Exception {
        JsonNode chart = JSON.readTree("{\"chartSpec\":{\"mark\":\"bar\"},\"insights\":[]}");

        JsonNode result = ExecutionResults.of(chart, null, JSON);

        assertThat(result.get("rows").isNull()).isTrue();
        assertThat(result.get("row_count").isNull()).isTrue();
        assertThat(result.get("columns").isNull()).isTrue();
        assertThat(result.get("execution_time_ms").isNull()).isTrue();
        assertThat(result.get("output")).isEqualTo(chart);
        assertThat(result.get("status").asText()).isEqualTo("success");
    }
}
