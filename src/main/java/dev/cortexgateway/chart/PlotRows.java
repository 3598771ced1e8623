package dev.cortexgateway.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a bar or line chart made plottable: y cells are numbers or null, rows with no x or
 * with no number in any y are left out, and counts of what was left out for the warnings.
 *
 * @param droppedValues y cells that were null or not a number
 * @param droppedNoX    rows left out because x was null
 */
record PlotRows(ChartData data, int droppedValues, int droppedNoX) {

    static PlotRows of(ChartData data, ChartOptions options) {
        List<JsonNode[]> kept = new ArrayList<>(data.rows().size());
        int droppedValues = 0;
        int droppedNoX = 0;
        int x = options.x().index();
        for (JsonNode[] row : data.rows()) {
            if (row[x].isNull()) {
                droppedNoX++;
                continue;
            }
            JsonNode[] cells = row.clone();
            boolean anyNumber = false;
            for (ChartField y : options.ys()) {
                JsonNode number = number(row[y.index()]);
                if (number.isNull()) {
                    droppedValues++;
                } else {
                    anyNumber = true;
                }
                cells[y.index()] = number;
            }
            if (options.x().type() == FieldType.TEMPORAL) {
                cells[x] = isoWithT(row[x]);
            }
            if (anyNumber) {
                kept.add(cells);
            }
        }
        return new PlotRows(data.withRows(kept), droppedValues, droppedNoX);
    }

    private static JsonNode number(JsonNode cell) {
        if (cell.isNumber()) {
            return ChartValues.number(cell).isPresent() ? cell : NullNode.getInstance();
        }
        // numbers sent as text (drivers do so for NUMBER) become JSON numbers, which Vega-Lite needs
        return ChartValues.number(cell).isPresent() ? DecimalNode.valueOf(new BigDecimal(cell.asText().strip()))
                : NullNode.getInstance();
    }

    /**
     * "2024-01-31 10:00" -> "2024-01-31T10:00Z": not every browser parses the SQL form, and browsers
     * read a date-time without a zone as local time but a bare date as UTC; all are UTC here.
     */
    private static JsonNode isoWithT(JsonNode cell) {
        String text = cell.asText();
        if (!cell.isTextual() || text.length() <= 10 || !ChartValues.isIsoDateTime(text)) {
            return cell;
        }
        String iso = text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        return TextNode.valueOf(ChartValues.hasZone(iso) ? iso : iso + 'Z');
    }
}
