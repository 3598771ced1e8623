package dev.cortexgateway.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartBuilderTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String REVENUE_BY_QUARTER = """
            {"columns": [{"name": "QUARTER", "type": "string"}, {"name": "REVENUE", "type": "NUMBER(38,2)"}],
             "rows": [["Q1", 120], ["Q2", 150], ["Q3", 90], ["Q4", 180]], "rowCount": 4}""";
    static final String MONTHLY_SALES = """
            {"rows": [{"month": "2024-01-01", "region": "EU", "sales": 100, "cost": 80},
                      {"month": "2024-02-01", "region": "EU", "sales": 110.5, "cost": 70},
                      {"month": "2024-03-01", "region": "EU", "sales": 125, "cost": 90}]}""";

    private final ChartBuilder builder = new ChartBuilder(JSON, new ChartProperties(65536, 5000));

    static ObjectNode build(ChartBuilder builder, String data, String chartType, String options) {
        String arguments = "{\"data\": " + data + ", \"chartType\": \"" + chartType + "\""
                + (options == null ? "" : ", \"options\": " + options) + "}";
        try {
            ObjectNode result = builder.build(JSON.readTree(arguments));
            VegaLiteSpecs.assertValid(result.get("chartSpec"));
            return result;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ObjectNode build(String data, String chartType, String options) {
        return build(builder, data, chartType, options);
    }

    static List<String> strings(JsonNode array) {
        return JSON.convertValue(array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    @Test
    void barChartOfASqlExecResult() throws Exception {
        ObjectNode result = build(REVENUE_BY_QUARTER, "bar", null);

        assertThat(result.get("chartSpec")).isEqualTo(JSON.readTree("""
                {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
                 "data": {"values": [{"QUARTER": "Q1", "REVENUE": 120}, {"QUARTER": "Q2", "REVENUE": 150},
                                     {"QUARTER": "Q3", "REVENUE": 90}, {"QUARTER": "Q4", "REVENUE": 180}]},
                 "mark": {"type": "bar"},
                 "encoding": {
                   "x": {"field": "QUARTER", "type": "nominal", "title": "QUARTER", "sort": null},
                   "y": {"field": "REVENUE", "type": "quantitative", "title": "REVENUE"},
                   "tooltip": [{"field": "QUARTER", "type": "nominal", "title": "QUARTER"},
                               {"field": "REVENUE", "type": "quantitative", "title": "REVENUE"}]}}"""));
        assertThat(strings(result.get("insights"))).containsExactly(
                "Highest REVENUE: 180 at Q4",
                "Lowest REVENUE: 90 at Q3",
                "Total REVENUE: 540 (average 135 over 4 bars)");
        assertThat(result.get("warnings")).isEmpty();
    }

    @Test
    void lineChartOfTheSameDataHasATrendAndNoTotal() {
        ObjectNode result = build(REVENUE_BY_QUARTER, "line", null);

        JsonNode spec = result.get("chartSpec");
        assertThat(spec.at("/mark/type").asText()).isEqualTo("line");
        assertThat(spec.at("/mark/point").asBoolean()).isTrue();
        assertThat(spec.at("/encoding/x/type").asText()).isEqualTo("ordinal");
        assertThat(strings(result.get("insights"))).containsExactly(
                "Highest REVENUE: 180 at Q4",
                "Lowest REVENUE: 90 at Q3",
                "Average REVENUE: 135 over 4 points",
                "REVENUE rose 50% from 120 at Q1 to 180 at Q4");
    }

    @Test
    void lineChartOfObjectRowsOverTimeIsTemporalInUtc() {
        ObjectNode result = build(MONTHLY_SALES, "line", "{\"y\": \"sales\"}");

        JsonNode spec = result.get("chartSpec");
        assertThat(spec.at("/encoding/x/field").asText()).isEqualTo("month");
        assertThat(spec.at("/encoding/x/type").asText()).isEqualTo("temporal");
        assertThat(spec.at("/encoding/x/scale/type").asText()).isEqualTo("utc");
        assertThat(spec.at("/encoding/tooltip/0/timeUnit").asText()).isEqualTo("utcyearmonthdate");
        assertThat(spec.at("/data/values/0")).hasSize(2);
        assertThat(strings(result.get("insights"))).contains("sales rose 25% from 100 at 2024-01-01 to 125 at 2024-03-01",
                "Average sales: 111.83 over 3 points");
    }

    @Test
    void trendFollowsTimeNotTheOrderOfTheRows() {
        ObjectNode result = build("""
                {"rows": [{"d": "2024-03-01T00:00:00Z", "v": 50}, {"d": "2024-01-01T00:00:00Z", "v": 100},
                          {"d": "2024-02-01T00:00:00Z", "v": 70}]}""", "line", null);

        assertThat(strings(result.get("insights")))
                .contains("v fell 50% from 100 at 2024-01-01T00:00:00Z to 50 at 2024-03-01T00:00:00Z");
    }

    @Test
    void flatTrendUnderOnePercent() {
        ObjectNode result = build("{\"rows\": [{\"k\": \"a\", \"v\": 200}, {\"k\": \"b\", \"v\": 201}]}", "line", null);

        assertThat(strings(result.get("insights"))).contains("v stayed flat (+0.5%) from 200 at a to 201 at b");
    }

    @Test
    void barOverTimeHasATrendToo() {
        ObjectNode result = build(MONTHLY_SALES, "bar", "{\"y\": \"cost\"}");

        assertThat(strings(result.get("insights"))).contains("cost rose 12.5% from 80 at 2024-01-01 to 90 at 2024-03-01");
    }

    @Test
    void tableIsATextMarkOverFoldedRows() throws Exception {
        ObjectNode result = build(REVENUE_BY_QUARTER, "table", "{\"title\": \"Revenue\"}");

        JsonNode spec = result.get("chartSpec");
        assertThat(spec.at("/mark/type").asText()).isEqualTo("text");
        assertThat(spec.get("title").asText()).isEqualTo("Revenue");
        assertThat(spec.get("transform")).isEqualTo(JSON.readTree("""
                [{"window": [{"op": "row_number", "as": "row"}]},
                 {"fold": ["QUARTER", "REVENUE"], "as": ["column", "cell"]}]"""));
        assertThat(spec.at("/encoding/x/sort")).isEqualTo(JSON.readTree("[\"QUARTER\", \"REVENUE\"]"));
        assertThat(spec.at("/encoding/text/field").asText()).isEqualTo("cell");
        assertThat(spec.at("/width/step").asInt()).isPositive();
        assertThat(spec.at("/data/values/3")).isEqualTo(JSON.readTree("{\"QUARTER\": \"Q4\", \"REVENUE\": 180}"));
        assertThat(strings(result.get("insights"))).containsExactly("4 rows, 2 columns");
    }

    @Test
    void tableOfObjectRowsKeepsEveryFieldAndAvoidsNameClashes() {
        ObjectNode result = build("{\"rows\": [{\"row\": 1, \"column\": \"a\", \"cell\": true}, {\"row\": 2}]}", "table", null);

        JsonNode spec = result.get("chartSpec");
        assertThat(spec.at("/transform/0/window/0/as").asText()).isEqualTo("row_2");
        assertThat(spec.at("/transform/1/as")).containsExactly(JSON.getNodeFactory().textNode("column_2"),
                JSON.getNodeFactory().textNode("cell_2"));
        assertThat(spec.at("/data/values/1/column").isNull()).isTrue();
        assertThat(strings(result.get("insights"))).containsExactly("2 rows, 3 columns");
    }

    @Test
    void tableIgnoresPlotOptionsWithAWarning() {
        ObjectNode result = build(REVENUE_BY_QUARTER, "table", "{\"x\": \"QUARTER\", \"sort\": \"-y\"}");

        assertThat(strings(result.get("warnings"))).containsExactly("options x, y, color and sort do not apply to a table and were ignored");
    }

    @Test
    void defaultXIsTheFirstTemporalOrNominalFieldAndYTheFirstOtherNumber() {
        ObjectNode result = build("{\"rows\": [{\"id\": 1, \"units\": 3, \"region\": \"EU\"}, {\"id\": 2, \"units\": 5, \"region\": \"US\"}]}",
                "bar", null);

        assertThat(result.at("/chartSpec/encoding/x/field").asText()).isEqualTo("region");
        assertThat(result.at("/chartSpec/encoding/y/field").asText()).isEqualTo("id");
    }

    @Test
    void onlyNumbersMakeTheFirstFieldXAsDiscreteBars() {
        ObjectNode result = build("{\"rows\": [{\"year\": 2023, \"revenue\": 5}, {\"year\": 2024, \"revenue\": 7}]}", "bar", null);

        assertThat(result.at("/chartSpec/encoding/x/field").asText()).isEqualTo("year");
        assertThat(result.at("/chartSpec/encoding/x/type").asText()).isEqualTo("ordinal");
        assertThat(result.at("/chartSpec/encoding/y/field").asText()).isEqualTo("revenue");
        assertThat(strings(result.get("insights"))).contains("Highest revenue: 7 at 2024");
    }

    @Test
    void numericXOfALineIsQuantitative() {
        ObjectNode result = build("{\"rows\": [{\"year\": 2023, \"revenue\": 5}, {\"year\": 2024, \"revenue\": 7}]}", "line", null);

        assertThat(result.at("/chartSpec/encoding/x/type").asText()).isEqualTo("quantitative");
        assertThat(result.at("/chartSpec/encoding/x/sort").isMissingNode()).isTrue();
    }

    @Test
    void optionsSetTitleSizeSortAndColor() {
        ObjectNode result = build("""
                {"rows": [{"q": "Q1", "region": "EU", "rev": 1}, {"q": "Q1", "region": "US", "rev": 2},
                          {"q": "Q2", "region": "EU", "rev": 3}]}""", "bar",
                "{\"x\": \"q\", \"y\": \"rev\", \"color\": \"region\", \"title\": \"Revenue\", \"sort\": \"-y\", \"width\": 400, \"height\": \"container\"}");

        JsonNode spec = result.get("chartSpec");
        assertThat(spec.get("title").asText()).isEqualTo("Revenue");
        assertThat(spec.get("width").asInt()).isEqualTo(400);
        assertThat(spec.get("height").asText()).isEqualTo("container");
        assertThat(spec.at("/encoding/x/sort").asText()).isEqualTo("-y");
        assertThat(spec.at("/encoding/color/field").asText()).isEqualTo("region");
        assertThat(spec.at("/encoding/color/type").asText()).isEqualTo("nominal");
        assertThat(spec.at("/encoding/tooltip")).hasSize(3);
        assertThat(strings(result.get("insights"))).containsExactly(
                "Highest rev: 3 (EU at Q2)", "Lowest rev: 1 (EU at Q1)", "2 series");
        assertThat(result.get("warnings")).isEmpty();
    }

    @Test
    void sortOptionsMapToVegaLiteSorts() {
        assertThat(build(REVENUE_BY_QUARTER, "bar", "{\"sort\": \"x\"}").at("/chartSpec/encoding/x/sort").asText()).isEqualTo("ascending");
        assertThat(build(REVENUE_BY_QUARTER, "bar", "{\"sort\": \"y\"}").at("/chartSpec/encoding/x/sort").asText()).isEqualTo("y");
        assertThat(build(REVENUE_BY_QUARTER, "bar", "{\"sort\": \"none\"}").at("/chartSpec/encoding/x/sort").isNull()).isTrue();
    }

    @Test
    void sortByYOnATimeAxisIsIgnoredWithAWarning() {
        ObjectNode result = build(MONTHLY_SALES, "line", "{\"sort\": \"-y\"}");

        assertThat(result.at("/chartSpec/encoding/x/sort").isMissingNode()).isTrue();
        assertThat(strings(result.get("warnings"))).containsExactly("options.sort was ignored: a temporal x axis is always in order of x");
    }

    @Test
    void seriesIsAnAliasOfColor() {
        ObjectNode result = build(MONTHLY_SALES, "line", "{\"y\": \"sales\", \"series\": \"region\"}");

        assertThat(result.at("/chartSpec/encoding/color/field").asText()).isEqualTo("region");
        assertThat(strings(result.get("insights"))).contains("sales (EU) rose 25% from 100 at 2024-01-01 to 125 at 2024-03-01");
    }

    @Test
    void severalYFieldsInALineAreFoldedIntoSeries() throws Exception {
        ObjectNode result = build(MONTHLY_SALES, "line", "{\"y\": [\"sales\", \"cost\"]}");

        JsonNode spec = result.get("chartSpec");
        assertThat(spec.get("transform")).isEqualTo(JSON.readTree("[{\"fold\": [\"sales\", \"cost\"], \"as\": [\"series\", \"value\"]}]"));
        assertThat(spec.at("/encoding/y/field").asText()).isEqualTo("value");
        assertThat(spec.at("/encoding/y/title").asText()).isEqualTo("sales, cost");
        assertThat(spec.at("/encoding/color/field").asText()).isEqualTo("series");
        assertThat(spec.at("/data/values/0")).hasSize(3);
        assertThat(strings(result.get("insights"))).containsExactly(
                "Highest value: 125 (sales at 2024-03-01)",
                "Lowest value: 70 (cost at 2024-02-01)",
                "2 series",
                "sales rose 25% from 100 at 2024-01-01 to 125 at 2024-03-01",
                "cost rose 12.5% from 80 at 2024-01-01 to 90 at 2024-03-01");
    }

    @Test
    void severalYFieldsInABarChartAreGroupedNotStacked() {
        ObjectNode result = build("""
                {"columns": [{"name": "QUARTER"}, {"name": "REVENUE"}, {"name": "COST"}],
                 "rows": [["Q1", 120, 100], ["Q2", 150, 90]]}""",
                "bar", "{\"y\": [\"REVENUE\", \"COST\"], \"color\": \"QUARTER\"}");

        assertThat(result.at("/chartSpec/encoding/xOffset/field").asText()).isEqualTo("series");
        assertThat(strings(result.get("warnings"))).containsExactly("options.color was ignored: with several y fields the series are the y fields");
    }

    @Test
    void numbersSentAsTextArePlottedAsNumbers() {
        ObjectNode result = build("{\"columns\": [{\"name\": \"K\"}, {\"name\": \"V\", \"type\": \"NUMBER\"}], \"rows\": [[\"a\", \"12.50\"], [\"b\", \"7\"]]}",
                "bar", null);

        assertThat(result.at("/chartSpec/data/values/0/V").isNumber()).isTrue();
        assertThat(result.at("/chartSpec/data/values/0/V").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(strings(result.get("insights"))).contains("Total V: 19.5 (average 9.75 over 2 bars)");
    }

    @Test
    void sqlTimestampsBecomeIsoInUtc() {
        ObjectNode result = build("{\"columns\": [{\"name\": \"T\", \"type\": \"TIMESTAMP_NTZ\"}, {\"name\": \"V\", \"type\": \"NUMBER\"}],"
                + " \"rows\": [[\"2024-01-01 10:00:00\", 1], [\"2024-01-01 11:00:00.5\", 2], [\"2024-01-01T12:00:00+02:00\", 3]]}", "line", null);

        assertThat(result.at("/chartSpec/data/values/0/T").asText()).isEqualTo("2024-01-01T10:00:00Z");
        assertThat(result.at("/chartSpec/data/values/1/T").asText()).isEqualTo("2024-01-01T11:00:00.5Z");
        assertThat(result.at("/chartSpec/data/values/2/T").asText()).isEqualTo("2024-01-01T12:00:00+02:00");
        assertThat(result.at("/chartSpec/encoding/tooltip/0/timeUnit").asText()).isEqualTo("utcyearmonthdatehoursminutesseconds");
    }

    @Test
    void fieldNamesWithDotsAndBracketsAreEscapedInReferences() {
        ObjectNode result = build("{\"rows\": [{\"t.name\": \"a\", \"sum[x]\": 1}, {\"t.name\": \"b\", \"sum[x]\": 2}]}", "bar", null);

        assertThat(result.at("/chartSpec/encoding/x/field").asText()).isEqualTo("t\\.name");
        assertThat(result.at("/chartSpec/encoding/y/field").asText()).isEqualTo("sum\\[x\\]");
        assertThat(result.at("/chartSpec/encoding/x/title").asText()).isEqualTo("t.name");
        assertThat(result.at("/chartSpec/data/values/0").has("t.name")).isTrue();
    }

    @Test
    void specsOfEveryKindAreValidVegaLite() {
        for (String type : List.of("bar", "line", "table")) {
            build(REVENUE_BY_QUARTER, type, null);
            build(MONTHLY_SALES, type, "{\"title\": \"t\", \"width\": 300, \"height\": 200}");
        }
        build(MONTHLY_SALES, "bar", "{\"y\": [\"sales\", \"cost\"], \"sort\": \"x\"}");
        build(MONTHLY_SALES, "line", "{\"y\": \"cost\", \"color\": \"region\", \"width\": \"container\"}");
    }

    @Test
    void resultCarriesTheContractFields() {
        ObjectNode result = build(REVENUE_BY_QUARTER, "bar", null);

        assertThat(result.fieldNames()).toIterable().containsExactly("chartSpec", "insights", "warnings");
        assertThat(result.get("insights")).isInstanceOf(ArrayNode.class);
    }
}
