package dev.cortexgateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ToolParametersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachArgumentIsDescribedFromTheSchemaWithNullForWhatItDoesNotSet() throws Exception {
        var schema = JSON.readTree("""
                {"type":"object","required":["sql"],"properties":{
                  "sql":{"type":"string","maxLength":20000,"pattern":"^SELECT","description":"the statement"},
                  "chartType":{"enum":["bar","line"]},
                  "y":{"oneOf":[{"type":"string"},{"type":"array"}]},
                  "filters":{}}}""");

        var parameters = ToolParameters.of(schema, JSON);

        assertThat(parameters.toString()).isEqualTo("{"
                + "\"sql\":{\"type\":\"string\",\"required\":true,\"description\":\"the statement\",\"pattern\":\"^SELECT\",\"max_length\":20000},"
                + "\"chartType\":{\"type\":\"string\",\"required\":false,\"description\":null,\"pattern\":null,\"max_length\":null},"
                + "\"y\":{\"type\":\"string|array\",\"required\":false,\"description\":null,\"pattern\":null,\"max_length\":null},"
                + "\"filters\":{\"type\":null,\"required\":false,\"description\":null,\"pattern\":null,\"max_length\":null}}");
    }
}
