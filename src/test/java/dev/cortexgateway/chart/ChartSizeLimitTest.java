package dev.cortexgateway.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 64 KB cap on the serialized spec, probed to the byte by padding the title. */
class ChartSizeLimitTest {

    private static final ObjectMapper JSON = ChartBuilderTest.JSON;
    private static final int LIMIT = 65536;
    private static final String DATA = ChartWarningsTest.rows(1500);

    private final ChartBuilder builder = new ChartBuilder(JSON, new ChartProperties(LIMIT, 5000));
    private final ChartBuilder unlimited = new ChartBuilder(JSON, new ChartProperties(Integer.MAX_VALUE, 5000));

    @Test
    void specOfExactlyTheLimitPasses() throws Exception {
        ObjectNode result = builder.build(arguments(titleFor(LIMIT)));

        assertThat(JSON.writeValueAsBytes(result.get("chartSpec"))).hasSize(LIMIT);
        VegaLiteSpecs.assertValid(result.get("chartSpec"));
    }

    @Test
    void specOneByteOverTheLimitIsChartTooLarge() throws Exception {
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> builder.build(arguments(titleFor(LIMIT + 1))));

        assertThat(e.code()).isEqualTo(ErrorCode.CHART_TOO_LARGE);
        assertThat(e.code().status()).isEqualTo(413);
        assertThat(e.details()).isEqualTo(Map.of("specBytes", (long) LIMIT + 1, "maxSpecBytes", LIMIT));
        assertThat(e.hint()).contains("Aggregate or limit the rows first");
    }

    @Test
    void largeTablesHitTheLimitToo() throws Exception {
        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> builder.build(JSON.readTree("{\"data\": " + ChartWarningsTest.rows(5000) + ", \"chartType\": \"table\"}")));

        assertThat(e.code()).isEqualTo(ErrorCode.CHART_TOO_LARGE);
        assertThat((Long) e.details().get("specBytes")).isGreaterThan(LIMIT);
    }

    /** A title that makes the whole spec {@code bytes} long. */
    private String titleFor(int bytes) throws Exception {
        int base = JSON.writeValueAsString(unlimited.build(arguments("")).get("chartSpec"))
                .getBytes(StandardCharsets.UTF_8).length;
        assertThat(base).as("data alone stays under the limit").isLessThan(bytes);
        return "t".repeat(bytes - base);
    }

    private JsonNode arguments(String title) throws Exception {
        ObjectNode arguments = (ObjectNode) JSON.readTree("{\"data\": " + DATA + ", \"chartType\": \"line\"}");
        arguments.putObject("options").put("title", title);
        return arguments;
    }
}
