package dev.cortexgateway.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartValuesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @ParameterizedTest
    @CsvSource({"1234.5678,1234.57", "2.0,2", "0.1,0.1", "-0.001,0", "1e12,1000000000000", "-7.005,-7.01", "0.125,0.13"})
    void numbersHaveAtMostTwoDecimalsAndNoExponent(double value, String text) {
        assertThat(ChartValues.format(value)).isEqualTo(text);
    }

    @Test
    void numbersAreReadFromJsonNumbersAndPlainDecimalText() {
        assertThat(ChartValues.number(NODES.numberNode(3)).getAsDouble()).isEqualTo(3);
        assertThat(ChartValues.number(NODES.textNode(" -12.50 ")).getAsDouble()).isEqualTo(-12.5);
        assertThat(ChartValues.number(NODES.textNode("1e3")).getAsDouble()).isEqualTo(1000);
        assertThat(ChartValues.number(NODES.textNode("NaN"))).isEmpty();
        assertThat(ChartValues.number(NODES.textNode("0x1p3"))).isEmpty();
        assertThat(ChartValues.number(NODES.textNode("12 apples"))).isEmpty();
        assertThat(ChartValues.number(NODES.booleanNode(true))).isEmpty();
        assertThat(ChartValues.number(NODES.nullNode())).isEmpty();
    }

    @Test
    void instantsWithoutAZoneAreUtc() {
        assertThat(ChartValues.epochMillis(NODES.textNode("1970-01-02")).getAsLong()).isEqualTo(86_400_000L);
        assertThat(ChartValues.epochMillis(NODES.textNode("1970-01-01 00:00:01")).getAsLong()).isEqualTo(1000L);
        assertThat(ChartValues.epochMillis(NODES.textNode("1970-01-01T01:00:00+0100")).getAsLong()).isZero();
        assertThat(ChartValues.epochMillis(NODES.numberNode(42L)).getAsLong()).isEqualTo(42L);
        assertThat(ChartValues.epochMillis(NODES.textNode("yesterday"))).isEmpty();
    }
}
