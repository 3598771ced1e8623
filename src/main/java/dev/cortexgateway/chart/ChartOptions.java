package dev.cortexgateway.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code options} argument checked against the data, with x and y filled in where the caller
 * left them out: x is the first temporal or nominal field, y the first quantitative field that is
 * not x.
 *
 * @param ys    one field, or several plotted as series (folded into key/value by the spec)
 * @param color the field that splits the data into series; null when there is none or ys has several
 * @param sort  null when not given: discrete x axes then keep the data's order
 * @param width null, a positive number or "container"; height likewise
 */
record ChartOptions(ChartType type, ChartField x, List<ChartField> ys, ChartField color, String title,
                    Sort sort, JsonNode width, JsonNode height) {

    private static final Set<String> KNOWN = Set.of("x", "y", "color", "series", "title", "sort", "width", "height");
    private static final String TABLE_HINT = "Use chartType table to show the rows as they are";

    enum Sort {
        X("x"), Y("y"), DESCENDING_Y("-y"), NONE("none");

        private final String value;

        Sort(String value) {
            this.value = value;
        }

        String value() {
            return value;
        }
    }

    static ChartOptions resolve(JsonNode options, ChartType type, ChartData data, List<String> warnings) {
        if (options != null && !options.isNull() && !options.isObject()) {
            throw ChartErrors.invalid("options must be an object", null, "/options");
        }
        JsonNode opts = options == null || options.isNull() ? MissingNode.getInstance() : options;
        for (Iterator<String> names = opts.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                warnings.add("options." + name + " is not a chart option and was ignored");
            }
        }
        ChartField x = opts.has("x") ? field(data, opts.get("x"), "/options/x") : null;
        List<ChartField> ys = opts.has("y") ? yFields(data, opts.get("y")) : List.of();
        ChartField color = color(data, opts, warnings);
        String title = text(opts.get("title"), "/options/title");
        Sort sort = sort(opts.get("sort"));
        JsonNode width = size(opts.get("width"), "/options/width");
        JsonNode height = size(opts.get("height"), "/options/height");
        if (type == ChartType.TABLE) {
            if (x != null || !ys.isEmpty() || color != null || sort != null) {
                warnings.add("options x, y, color and sort do not apply to a table and were ignored");
            }
            return new ChartOptions(type, null, List.of(), null, title, null, width, height);
        }

        if (ys.size() > 1 && color != null) {
            warnings.add("options.color was ignored: with several y fields the series are the y fields");
            color = null;
        }
        if (x != null && ys.stream().anyMatch(x::equals)) {
            throw ChartErrors.invalid("options.y names the x field '" + x.name() + "'", "Plot another field as y", "/options/y");
        }
        if (x == null) {
            x = defaultX(data, ys, color);
        }
        if (ys.isEmpty()) {
            ys = defaultY(data, x, color, type);
        }
        if (x == null) {
            throw ChartErrors.invalid("A " + type.label() + " chart needs a field for x besides y '" + ys.get(0).name() + "'",
                    TABLE_HINT, "/data");
        }
        ChartOptions resolved = new ChartOptions(type, x, ys, color, title, sort, width, height);
        if (sort == Sort.Y || sort == Sort.DESCENDING_Y) {
            if (resolved.continuousX()) {
                warnings.add("options.sort was ignored: a " + resolved.xType() + " x axis is always in order of x");
                resolved = new ChartOptions(type, x, ys, color, title, null, width, height);
            } else if (ys.size() > 1) {
                warnings.add("options.sort was ignored: it sorts by a single y field");
                resolved = new ChartOptions(type, x, ys, color, title, null, width, height);
            }
        }
        return resolved;
    }

    /** The Vega-Lite type of the x encoding: bars need a discrete axis, lines an ordered one. */
    String xType() {
        return switch (x.type()) {
            case TEMPORAL -> "temporal";
            case QUANTITATIVE -> type == ChartType.BAR ? "ordinal" : "quantitative";
            case NOMINAL -> type == ChartType.LINE ? "ordinal" : "nominal";
        };
    }

    boolean continuousX() {
        return "temporal".equals(xType()) || "quantitative".equals(xType());
    }

    /** Series come from a color field or from several y fields. */
    boolean multiSeries() {
        return color != null || ys.size() > 1;
    }

    private static ChartField defaultX(ChartData data, List<ChartField> ys, ChartField color) {
        List<ChartField> free = data.fields().stream().filter(f -> !ys.contains(f) && !f.equals(color)).toList();
        Optional<ChartField> discrete = free.stream().filter(f -> f.type() != FieldType.QUANTITATIVE).findFirst();
        if (discrete.isPresent()) {
            return discrete.get();
        }
        // only numbers (e.g. year and revenue): the first is x as long as another one is left for y
        boolean yLeft = !ys.isEmpty() ? !free.isEmpty() : free.size() >= 2;
        return yLeft ? free.get(0) : null;
    }

    private static List<ChartField> defaultY(ChartData data, ChartField x, ChartField color, ChartType type) {
        return data.fields().stream()
                .filter(f -> f.type() == FieldType.QUANTITATIVE && !f.equals(x) && !f.equals(color))
                .findFirst()
                .map(List::of)
                .orElseThrow(() -> ChartErrors.invalid("The data has no numeric field to plot as y of a "
                        + type.label() + " chart", "Pass options.y naming a numeric field; " + TABLE_HINT, "/data"));
    }

    private static List<ChartField> yFields(ChartData data, JsonNode y) {
        if (y.isTextual()) {
            return List.of(field(data, y, "/options/y"));
        }
        if (!y.isArray() || y.isEmpty()) {
            throw ChartErrors.invalid("options.y must be a field name or a non-empty array of field names", null, "/options/y");
        }
        List<ChartField> fields = new ArrayList<>();
        for (int i = 0; i < y.size(); i++) {
            ChartField field = field(data, y.get(i), "/options/y/" + i);
            if (fields.contains(field)) {
                throw ChartErrors.invalid("options.y lists '" + field.name() + "' twice", null, "/options/y/" + i);
            }
            fields.add(field);
        }
        return List.copyOf(fields);
    }

    private static ChartField color(ChartData data, JsonNode opts, List<String> warnings) {
        ChartField color = opts.has("color") ? field(data, opts.get("color"), "/options/color") : null;
        ChartField series = opts.has("series") ? field(data, opts.get("series"), "/options/series") : null;
        if (color != null && series != null && !color.equals(series)) {
            warnings.add("options.series was ignored: options.color is given too");
        }
        return color != null ? color : series;
    }

    private static ChartField field(ChartData data, JsonNode name, String pointer) {
        if (name == null || !name.isTextual()) {
            throw ChartErrors.invalid(optionName(pointer)
                    + " must be a field name", null, pointer);
        }
        return data.field(name.asText()).orElseThrow(() -> ChartErrors.invalid(
                optionName(pointer) + " names '" + name.asText()
                        + "', which is not a field of the data",
                "Fields are: " + String.join(", ", data.fields().stream().map(ChartField::name).toList()), pointer));
    }

    private static String text(JsonNode node, String pointer) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ChartErrors.invalid("options.title must be a string", null, pointer);
        }
        return node.asText();
    }

    private static Sort sort(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        for (Sort sort : Sort.values()) {
            if (node.isTextual() && sort.value.equals(node.asText())) {
                return sort;
            }
        }
        throw ChartErrors.invalid("options.sort must be one of x, y, -y, none", null, "/options/sort");
    }

    private static JsonNode size(JsonNode node, String pointer) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber() && node.doubleValue() > 0 && node.doubleValue() <= 10_000
                || node.isTextual() && "container".equals(node.asText())) {
            return node;
        }
        throw ChartErrors.invalid(optionName(pointer)
                + " must be a number of pixels (1..10000) or \"container\"", null, pointer);
    }

    /** {@code /options/y/1} -> {@code options.y.1}, as messages name options. */
    private static String optionName(String pointer) {
        return pointer.substring(1).replace('/', '.');
    }
}
