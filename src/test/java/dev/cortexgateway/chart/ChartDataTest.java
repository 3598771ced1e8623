package dev.cortexgateway.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartDataTest {

    private static final ObjectMapper JSON = ChartBuilderTest.JSON;

    private static ChartData read(String data, int maxRows) throws Exception {
        return ChartData.from(JSON.readTree(data), maxRows);
    }

    private static List<FieldType> types(ChartData data) {
        return data.fields().stream().map(ChartField::type).toList();
    }

    @Test
    void objectRowsTypesComeFromTheValues() throws Exception {
        ChartData data = read("""
                {"rows": [{"n": 1, "d": "2024-01-31", "t": "2024-01-31T10:15:00Z", "s": "EU", "b": true, "z": null, "m": 1},
                          {"n": 2.5, "d": "2024-02-29", "t": "2024-02-01 10:15:30.250", "s": "US", "b": false, "z": null, "m": "x"}]}""",
                10);

        assertThat(data.fields()).extracting(ChartField::name).containsExactly("n", "d", "t", "s", "b", "z", "m");
        assertThat(types(data)).containsExactly(FieldType.QUANTITATIVE, FieldType.TEMPORAL, FieldType.TEMPORAL,
                FieldType.NOMINAL, FieldType.NOMINAL, FieldType.NOMINAL, FieldType.NOMINAL);
    }

    @ParameterizedTest
    @CsvSource({"2024-13-01", "2024-02-30", "24-01-01", "2024/01/01", "2024-01-01T25:00", "12", "Q1 2024"})
    void textThatIsNotAnIsoDateIsNominal(String text) throws Exception {
        assertThat(types(read("{\"rows\": [{\"d\": \"" + text + "\"}]}", 10))).containsExactly(FieldType.NOMINAL);
    }

    @Test
    void fieldsAreTheUnionOfKeysInOrderOfFirstAppearanceAndMissingOnesAreNull() throws Exception {
        ChartData data = read("{\"rows\": [{\"a\": 1}, {\"b\": \"x\", \"a\": 2}]}", 10);

        assertThat(data.fields()).extracting(ChartField::name).containsExactly("a", "b");
        assertThat(data.rows().get(0)[1].isNull()).isTrue();
        assertThat(data.rows().get(1)[0].asInt()).isEqualTo(2);
    }

    @Test
    void declaredColumnTypesWinOverValuesAndUnknownOnesFallBackToThem() throws Exception {
        ChartData data = read("""
                {"columns": [{"name": "A", "type": "VARCHAR(16)"}, {"name": "B", "type": "NUMBER(38,0)"},
                             {"name": "C", "type": "TIMESTAMP_NTZ"}, {"name": "D", "type": "VARIANT"}, {"name": "E"}, "F"],
                 "rows": [["1", "2", "2024-01-01 00:00:00", 3, "2024-01-01", true]]}""", 10);

        assertThat(types(data)).containsExactly(FieldType.NOMINAL, FieldType.QUANTITATIVE, FieldType.TEMPORAL,
                FieldType.QUANTITATIVE, FieldType.TEMPORAL, FieldType.NOMINAL);
    }

    @Test
    void rowsPastTheCapAreNotKeptButCounted() throws Exception {
        ChartData data = read("{\"columns\": [{\"name\": \"a\"}], \"rows\": [[1], [2], [3]]}", 2);

        assertThat(data.rows()).hasSize(2);
        assertThat(data.totalRows()).isEqualTo(3);
        assertThat(data.droppedRows()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"number,QUANTITATIVE", "Float,QUANTITATIVE", "date,TEMPORAL", "timestamp_tz,TEMPORAL",
            "timestamp,TEMPORAL", "boolean,NOMINAL", "string,NOMINAL", "time,NOMINAL", "variant,", "'',"})
    void declaredTypes(String declared, FieldType expected) {
        assertThat(FieldType.ofDeclared(declared)).isEqualTo(expected);
    }
}
