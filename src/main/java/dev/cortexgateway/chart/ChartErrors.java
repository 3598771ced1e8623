package dev.cortexgateway.chart;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.util.Map;

/** The INVALID_REQUEST answers of the chart tool, each pointing at the argument at fault. */
final class ChartErrors {

    private ChartErrors() {
    }

    /** @param field JSON pointer into the tool's arguments, e.g. {@code /options/x} */
    static GatewayException invalid(String message, String hint, String field) {
        return new GatewayException(ErrorCode.INVALID_REQUEST, message, hint, Map.of("field", field));
    }
}
