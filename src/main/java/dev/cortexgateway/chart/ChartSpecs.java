package dev.cortexgateway.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;

/** Writes the Vega-Lite v5 spec of a chart; the data goes inline as {@code data.values}. */
final class ChartSpecs {

    static final String SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
    private static final int TABLE_COLUMN_WIDTH = 120;

    private final JsonNodeFactory nodes;

    ChartSpecs(ObjectMapper json) {
        this.nodes = json.getNodeFactory();
    }

    ObjectNode plot(ChartData data, ChartOptions options) {
        ObjectNode spec = header(options);
        List<ChartField> used = Stream.concat(Stream.of(options.x(), options.color()), options.ys().stream())
                .filter(f -> f != null).distinct().toList();
        spec.set("data", values(data, used));
        boolean folded = options.ys().size() > 1;
        String seriesName = fresh("series", data);
        String valueName = fresh("value", data);
        if (folded) {
            ArrayNode fold = nodes.arrayNode();
            options.ys().forEach(y -> fold.add(ref(y.name())));
            spec.putArray("transform").addObject().<ObjectNode>set("fold", fold).putArray("as").add(seriesName).add(valueName);
        }
        ObjectNode mark = spec.putObject("mark").put("type", options.type().label());
        if (options.type() == ChartType.LINE) {
            mark.put("point", true);
        }

        ObjectNode encoding = spec.putObject("encoding");
        ObjectNode x = encoding.putObject("x").put("field", ref(options.x().name())).put("type", options.xType())
                .put("title", options.x().name());
        if (options.x().type() == FieldType.TEMPORAL) {
            // values without a zone are read as UTC (see PlotRows), so the axis shows them as sent
            x.putObject("scale").put("type", "utc");
        } else if (!options.continuousX()) {
            sort(x, options.sort());
        }
        String yTitle = String.join(", ", options.ys().stream().map(ChartField::name).toList());
        encoding.putObject("y").put("field", folded ? valueName : ref(options.ys().get(0).name()))
                .put("type", "quantitative").put("title", yTitle);
        if (folded) {
            encoding.putObject("color").put("field", seriesName).put("type", "nominal").put("title", "series");
            if (options.type() == ChartType.BAR) {
                // several measures side by side, not stacked: stacking would add them up
                encoding.putObject("xOffset").put("field", seriesName).put("type", "nominal");
            }
        } else if (options.color() != null) {
            encoding.putObject("color").put("field", ref(options.color().name())).put("type", "nominal")
                    .put("title", options.color().name());
        }

        ArrayNode tooltip = encoding.putArray("tooltip");
        ObjectNode xTip = tooltip.addObject().put("field", ref(options.x().name())).put("type", options.xType())
                .put("title", options.x().name());
        if (options.x().type() == FieldType.TEMPORAL) {
            xTip.put("timeUnit", dateOnly(data, options.x()) ? "utcyearmonthdate" : "utcyearmonthdatehoursminutesseconds");
        }
        if (folded) {
            tooltip.addObject().put("field", seriesName).put("type", "nominal").put("title", "series");
            tooltip.addObject().put("field", valueName).put("type", "quantitative").put("title", "value");
        } else {
            if (options.color() != null) {
                tooltip.addObject().put("field", ref(options.color().name())).put("type", "nominal")
                        .put("title", options.color().name());
            }
            tooltip.addObject().put("field", ref(options.ys().get(0).name())).put("type", "quantitative")
                    .put("title", options.ys().get(0).name());
        }
        return spec;
    }

    /**
     * Vega-Lite has no table mark. This is the usual text-mark table: a window numbers the rows, a
     * fold turns each row into one datum per column, and a text mark places the cells on a grid of
     * column (x, header on top) by row number (y). Chosen over an hconcat of one text view per
     * column because it stays one view whatever the number of columns, so the spec grows with the
     * data only.
     */
    ObjectNode table(ChartData data, ChartOptions options) {
        ObjectNode spec = header(options);
        spec.set("data", values(data, data.fields()));
        String row = fresh("row", data);
        String column = fresh("column", data);
        String cell = fresh("cell", data);
        ArrayNode transform = spec.putArray("transform");
        transform.addObject().putArray("window").addObject().put("op", "row_number").put("as", row);
        ArrayNode fold = nodes.arrayNode();
        data.fields().forEach(f -> fold.add(ref(f.name())));
        transform.addObject().<ObjectNode>set("fold", fold).putArray("as").add(column).add(cell);
        spec.putObject("mark").put("type", "text").put("limit", TABLE_COLUMN_WIDTH - 8);

        ObjectNode encoding = spec.putObject("encoding");
        ObjectNode x = encoding.putObject("x").put("field", column).put("type", "nominal");
        x.set("sort", fold.deepCopy());
        x.putObject("axis").put("orient", "top").putNull("title").put("labelAngle", 0).put("domain", false)
                .put("ticks", false).put("labelLimit", TABLE_COLUMN_WIDTH - 8);
        encoding.putObject("y").put("field", row).put("type", "ordinal").putNull("axis");
        encoding.putObject("text").put("field", cell).put("type", "nominal");
        if (options.width() == null) {
            spec.putObject("width").put("step", TABLE_COLUMN_WIDTH);
        }
        spec.putObject("config").putObject("view").putNull("stroke");
        return spec;
    }

    private ObjectNode header(ChartOptions options) {
        ObjectNode spec = nodes.objectNode().put("$schema", SCHEMA);
        if (options.title() != null) {
            spec.put("title", options.title());
        }
        if (options.width() != null) {
            spec.set("width", options.width());
        }
        if (options.height() != null) {
            spec.set("height", options.height());
        }
        return spec;
    }

    private ObjectNode values(ChartData data, List<ChartField> fields) {
        ObjectNode holder = nodes.objectNode();
        ArrayNode values = holder.putArray("values");
        for (JsonNode[] row : data.rows()) {
            ObjectNode datum = values.addObject();
            for (ChartField field : fields) {
                datum.set(field.name(), row[field.index()]);
            }
        }
        return holder;
    }

    private static void sort(ObjectNode x, ChartOptions.Sort sort) {
        if (sort == null || sort == ChartOptions.Sort.NONE) {
            // a discrete axis would sort its labels alphabetically; the data's own order (e.g. ORDER BY) wins
            x.putNull("sort");
        } else {
            x.put("sort", switch (sort) {
                case X -> "ascending";
                case Y -> "y";
                default -> "-y";
            });
        }
    }

    private static boolean dateOnly(ChartData data, ChartField field) {
        return data.rows().stream().map(r -> r[field.index()]).allMatch(c -> c.isTextual() && c.asText().length() == 10);
    }

    /** A field reference: Vega-Lite reads dots and brackets in one as nested access unless escaped. */
    static String ref(String name) {
        return name.replace("\\", "\\\\").replace(".", "\\.").replace("[", "\\[").replace("]", "\\]");
    }

    /** A name for a derived field that no data field has. */
    private static String fresh(String base, ChartData data) {
        String name = base;
        for (int i = 2; data.field(name).isPresent(); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
