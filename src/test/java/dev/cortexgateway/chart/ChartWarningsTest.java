package dev.cortexgateway.chart;

import static dev.cortexgateway.chart.ChartBuilderTest.build;
import static dev.cortexgateway.chart.ChartBuilderTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChartWarningsTest {

    private final ChartBuilder builder = new ChartBuilder(ChartBuilderTest.JSON, new ChartProperties(65536, 5000));

    @Test
    void nullAndNonNumericYValuesAreDroppedAndCounted() {
        ObjectNode result = build(builder, """
                {"rows": [{"k": "a", "v": 1}, {"k": "b", "v": null}, {"k": "c", "v": "n/a"}, {"k": "d"}, {"k": "e", "v": 4}]}""",
                "bar", "{\"y\": \"v\"}");

        assertThat(result.at("/chartSpec/data/values")).hasSize(2);
        assertThat(strings(result.get("warnings"))).containsExactly("3 null or non-numeric values of y 'v' were left out");
        assertThat(strings(result.get("insights"))).contains("Total v: 5 (average 2.5 over 2 bars)");
    }

    @Test
    void rowsWithoutXAreDropped() {
        ObjectNode result = build(builder, "{\"rows\": [{\"k\": \"a\", \"v\": 1}, {\"k\": null, \"v\": 2}]}", "bar", null);

        assertThat(strings(result.get("warnings"))).containsExactly("1 rows with no value for x 'k' were left out");
    }

    @Test
    void aMissingValueInOneOfSeveralSeriesKeepsTheRow() {
        ObjectNode result = build(builder, "{\"rows\": [{\"k\": \"a\", \"v\": 1, \"w\": null}, {\"k\": \"b\", \"v\": 2, \"w\": 3}]}",
                "line", "{\"y\": [\"v\", \"w\"]}");

        assertThat(result.at("/chartSpec/data/values")).hasSize(2);
        assertThat(strings(result.get("warnings"))).containsExactly("1 null or non-numeric values of y 'v', 'w' were left out");
    }

    @Test
    void rowsPastMaxRowsAreDropped() {
        ChartBuilder small = new ChartBuilder(ChartBuilderTest.JSON, new ChartProperties(65536, 3));
        ObjectNode result = build(small, rows(5), "bar", null);

        assertThat(result.at("/chartSpec/data/values")).hasSize(3);
        assertThat(strings(result.get("warnings"))).containsExactly("Only the first 3 of 5 rows were charted; aggregate or limit the rows first");
    }

    @Test
    void moreThanFiftyBarsIsAWarning() {
        assertThat(build(builder, rows(50), "bar", null).get("warnings")).isEmpty();
        assertThat(strings(build(builder, rows(51), "bar", null).get("warnings"))).containsExactly(
                "The bar chart has 51 categories on x (more than 50), too many to read; keep the top ones or aggregate first");
        assertThat(build(builder, rows(51), "line", null).get("warnings")).isEmpty();
    }

    @Test
    void repeatedXInALineIsAWarning() {
        String data = "{\"rows\": [{\"d\": \"2024-01-01\", \"r\": \"EU\", \"v\": 1}, {\"d\": \"2024-01-01\", \"r\": \"US\", \"v\": 2},"
                + " {\"d\": \"2024-01-02\", \"r\": \"EU\", \"v\": 3}]}";

        assertThat(strings(build(builder, data, "line", null).get("warnings"))).containsExactly(
                "1 x values appear more than once in the same series, so the line doubles back on itself;"
                        + " aggregate per x first or split the series with options.color");
        assertThat(build(builder, data, "line", "{\"color\": \"r\"}").get("warnings")).isEmpty();
        assertThat(strings(build(builder, data, "bar", null).get("warnings"))).singleElement()
                .asString().contains("their bars are stacked");
    }

    @Test
    void manySeriesShareColors() {
        String data = "{\"rows\": [" + IntStream.range(0, 11).mapToObj(i -> "{\"k\": \"a\", \"s\": \"s" + i + "\", \"v\": " + i + "}")
                .collect(Collectors.joining(", ")) + "]}";

        assertThat(strings(build(builder, data, "bar", "{\"color\": \"s\"}").get("warnings")))
                .containsExactly("11 series share 10 colors; chart fewer series");
    }

    @Test
    void unknownOptionKeysAreIgnoredWithAWarning() {
        assertThat(strings(build(builder, rows(2), "bar", "{\"stack\": true}").get("warnings")))
                .containsExactly("options.stack is not a chart option and was ignored");
    }

    @Test
    void colorWinsOverSeries() {
        ObjectNode result = build(builder, "{\"rows\": [{\"k\": \"a\", \"r\": \"x\", \"s\": \"y\", \"v\": 1}]}", "bar",
                "{\"color\": \"r\", \"series\": \"s\"}");

        assertThat(result.at("/chartSpec/encoding/color/field").asText()).isEqualTo("r");
        assertThat(strings(result.get("warnings"))).containsExactly("options.series was ignored: options.color is given too");
    }

    static String rows(int n) {
        return "{\"rows\": [" + IntStream.range(0, n).mapToObj(i -> "{\"name\": \"c" + i + "\", \"value\": " + i + "}")
                .collect(Collectors.joining(", ")) + "]}";
    }
}
