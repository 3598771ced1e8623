package dev.cortexgateway.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartErrorsTest {

    private static final ObjectMapper JSON = ChartBuilderTest.JSON;
    private static final String ROWS = "{\"rows\": [{\"q\": \"Q1\", \"label\": \"a\", \"v\": 1}]}";
    private final ChartBuilder builder = new ChartBuilder(JSON, new ChartProperties(65536, 5000));

    private GatewayException failure(String arguments) throws Exception {
        JsonNode parsed = JSON.readTree(arguments);
        return catchThrowableOfType(GatewayException.class, () -> builder.build(parsed));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            data with no rows                 | {"data": {"rows": []}, "chartType": "bar"}                                                      | /data/rows
            data not an object                | {"data": [1, 2], "chartType": "bar"}                                                            | /data
            data without rows                 | {"data": {"columns": []}, "chartType": "bar"}                                                   | /data/rows
            row shorter than the columns      | {"data": {"columns": [{"name": "a"}, {"name": "b"}], "rows": [[1, 2], [3]]}, "chartType": "table"} | /data/rows/1
            row not an array with columns     | {"data": {"columns": [{"name": "a"}], "rows": [{"a": 1}]}, "chartType": "table"}                | /data/rows/0
            rows of arrays without columns    | {"data": {"rows": [[1, 2]]}, "chartType": "table"}                                              | /data/rows/0
            column without a name             | {"data": {"columns": [{"type": "number"}], "rows": [[1]]}, "chartType": "table"}                | /data/columns/0/name
            column named twice                | {"data": {"columns": [{"name": "a"}, {"name": "a"}], "rows": [[1, 2]]}, "chartType": "table"}  | /data/columns/1/name
            unknown chart type                | {"data": {"rows": [{"a": 1}]}, "chartType": "pie"}                                              | /chartType
            missing chart type                | {"data": {"rows": [{"a": 1}]}}                                                                  | /chartType
            unknown x                         | {"data": ROWS, "chartType": "bar", "options": {"x": "quarter"}}                                 | /options/x
            unknown y                         | {"data": ROWS, "chartType": "line", "options": {"y": "revenue"}}                                | /options/y
            unknown y in a list               | {"data": ROWS, "chartType": "line", "options": {"y": ["v", "w"]}}                               | /options/y/1
            unknown color                     | {"data": ROWS, "chartType": "bar", "options": {"color": "region"}}                              | /options/color
            unknown series                    | {"data": ROWS, "chartType": "bar", "options": {"series": "region"}}                             | /options/series
            unknown field even for a table    | {"data": ROWS, "chartType": "table", "options": {"x": "nope"}}                                  | /options/x
            y is the x field                  | {"data": ROWS, "chartType": "bar", "options": {"x": "v", "y": "v"}}                             | /options/y
            empty y list                      | {"data": ROWS, "chartType": "bar", "options": {"y": []}}                                        | /options/y
            y with no numbers                 | {"data": ROWS, "chartType": "bar", "options": {"y": "label"}}                                   | /options/y
            no numeric field for a bar        | {"data": {"rows": [{"a": "x", "b": "y"}]}, "chartType": "bar"}                                  | /data
            no numeric field for a line       | {"data": {"rows": [{"a": "x"}]}, "chartType": "line"}                                           | /data
            a single number has no x          | {"data": {"rows": [{"v": 1}]}, "chartType": "bar"}                                              | /data
            declared number column all null   | {"data": {"columns": [{"name": "k"}, {"name": "v", "type": "number"}], "rows": [["a", null]]}, "chartType": "bar"} | /data/rows
            bad sort                          | {"data": ROWS, "chartType": "bar", "options": {"sort": "desc"}}                                 | /options/sort
            bad width                         | {"data": ROWS, "chartType": "bar", "options": {"width": -5}}                                    | /options/width
            bad height                        | {"data": ROWS, "chartType": "bar", "options": {"height": "tall"}}                               | /options/height
            title not text                    | {"data": ROWS, "chartType": "bar", "options": {"title": {"text": "t"}}}                         | /options/title
            options not an object             | {"data": ROWS, "chartType": "bar", "options": "x"}                                              | /options
            """)
    void invalidArgumentsAreInvalidRequestsNamingTheField(String name, String arguments, String field) throws Exception {
        GatewayException e = failure(arguments.replace("ROWS", ROWS));

        assertThat(e).as(name).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(e.details()).isEqualTo(Map.of("field", field));
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void unknownFieldMessageListsTheFields() throws Exception {
        GatewayException e = failure("{\"data\": " + ROWS + ", \"chartType\": \"bar\", \"options\": {\"x\": \"quarter\"}}");

        assertThat(e.getMessage()).isEqualTo("options.x names 'quarter', which is not a field of the data");
        assertThat(e.hint()).isEqualTo("Fields are: q, label, v");
    }

    @Test
    void noNumericFieldPointsToATable() throws Exception {
        GatewayException e = failure("{\"data\": {\"rows\": [{\"a\": \"x\", \"b\": \"y\"}]}, \"chartType\": \"bar\"}");

        assertThat(e.getMessage()).isEqualTo("The data has no numeric field to plot as y of a bar chart");
        assertThat(e.hint()).contains("chartType table");
    }

    @Test
    void argumentsMustBeAnObject() {
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> builder.build(JSON.getNodeFactory().textNode("x")));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }
}
