package dev.cortexgateway.cortex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Snowflake names and REST paths, without HTTP (the tools' own mappings: tools/kinds/cortex_*). */
class CortexToolMappingTest {

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode parse(String text) throws Exception {
        return json.readTree(text);
    }

    private static List<String> fields(List<Map<String, String>> errors) {
        return errors.stream().map(e -> e.get("field")).toList();
    }

    // --- names and paths

    @Test
    void threePartNamesKeepTheirQuotesAndAreEncodedForThePath() {
        SnowflakeName name = SnowflakeName.parse("\"My Db\".PUBLIC.\"svc.\"\"x\"\"/1\"").orElseThrow();
        assertThat(name.database()).isEqualTo("\"My Db\"");
        assertThat(name.name()).isEqualTo("\"svc.\"\"x\"\"/1\"");
        assertThat(name.schemaPath()).isEqualTo("/api/v2/databases/%22My%20Db%22/schemas/PUBLIC");
        assertThat(name.encodedName()).isEqualTo("%22svc.%22%22x%22%22%2F1%22");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "DB.SCHEMA", "DB.SCHEMA.SVC.EXTRA", "DB..SVC", "DB.SCHEMA.", ".SCHEMA.SVC", "1DB.S.SVC",
            "DB.SCHEMA.SVC ", "DB.SCHEMA.SVC;DROP", "DB.\"\".SVC", "DB.\"open.SVC", "DB.SCHEMA.my-svc"})
    void otherNamesAreRefused(String text) {
        assertThat(SnowflakeName.parse(text)).isEmpty();
    }

    @Test
    void endpointsResolvePathsAndFollowTheSimulatorPort() {
        CortexEndpoints endpoints = new CortexEndpoints(URI.create("http://127.0.0.1:0/"));
        endpoints.useSimulatorPort(8123);
        assertThat(endpoints.resolve("/api/v2/cortex/analyst/message"))
                .isEqualTo(URI.create("http://127.0.0.1:8123/api/v2/cortex/analyst/message"));
        CortexEndpoints fixed = new CortexEndpoints(URI.create("https://org-acct.snowflakecomputing.com"));
        fixed.useSimulatorPort(8123);
        assertThat(fixed.resolve("/x")).isEqualTo(URI.create("https://org-acct.snowflakecomputing.com/x"));
    }
}
