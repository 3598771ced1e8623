package dev.cortexgateway.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The {@code chartType} argument. */
enum ChartType {
    BAR, LINE, TABLE;

    static ChartType of(JsonNode node) {
        if (node != null && node.isTextual()) {
            for (ChartType type : values()) {
                if (type.name().equalsIgnoreCase(node.asText())) {
                    return type;
                }
            }
        }
        throw ChartErrors.invalid("chartType must be one of bar, line, table", null, "/chartType");
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
