package dev.cortexgateway.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The {@code data_to_chart} tool: {@code {data, chartType, options?}} -> {@code {chartSpec,
 * insights, warnings}}, the spec being Vega-Lite v5 with the data inline. Routes call
 * {@link #build(JsonNode)}; bad arguments throw INVALID_REQUEST pointing at the argument, a spec
 * over {@code gateway.tools.chart.max-spec-bytes} throws CHART_TOO_LARGE.
 */
@Component("chartBuilder")
public final class ChartBuilder {

    /** Past this many bars the labels no longer fit: said in a warning, still drawn. */
    static final int MAX_BAR_CATEGORIES = 50;
    /** Vega-Lite's default categorical scheme has 10 colors; past that series share them. */
    static final int MAX_DISTINCT_COLORS = 10;

    private final ObjectMapper json;
    private final ChartProperties properties;
    private final ChartSpecs specs;
    private final ChartInsights insights = new ChartInsights();

    public ChartBuilder(ObjectMapper json, ChartProperties properties) {
        this.json = json;
        this.properties = properties;
        this.specs = new ChartSpecs(json);
    }

    public ObjectNode build(JsonNode arguments) {
        if (arguments == null || !arguments.isObject()) {
            throw ChartErrors.invalid("The arguments must be an object {data, chartType, options?}", null, "/");
        }
        ChartType type = ChartType.of(arguments.get("chartType"));
        ChartData data = ChartData.from(arguments.get("data"), properties.maxRows());
        List<String> warnings = new ArrayList<>();
        if (data.droppedRows() > 0) {
            warnings.add("Only the first " + data.rows().size() + " of " + data.totalRows()
                    + " rows were charted; aggregate or limit the rows first");
        }
        ChartOptions options = ChartOptions.resolve(arguments.get("options"), type, data, warnings);

        ObjectNode spec;
        List<String> facts;
        if (type == ChartType.TABLE) {
            spec = specs.table(data, options);
            facts = insights.table(data);
        } else {
            ChartData plotted = plottable(data, options, arguments.path("options").has("y"), warnings);
            warnings.addAll(shapeWarnings(plotted, options));
            spec = specs.plot(plotted, options);
            facts = insights.plot(plotted, options);
        }
        requireWithinSize(spec);

        ObjectNode result = json.createObjectNode();
        result.set("chartSpec", spec);
        facts.forEach(result.putArray("insights")::add);
        warnings.forEach(result.putArray("warnings")::add);
        return result;
    }

    private static ChartData plottable(ChartData data, ChartOptions options, boolean yGiven, List<String> warnings) {
        PlotRows plot = PlotRows.of(data, options);
        String yNames = String.join("', '", options.ys().stream().map(ChartField::name).toList());
        if (plot.droppedNoX() > 0) {
            warnings.add(plot.droppedNoX() + " rows with no value for x '" + options.x().name() + "' were left out");
        }
        if (plot.droppedValues() > 0) {
            warnings.add(plot.droppedValues() + " null or non-numeric values of y '" + yNames + "' were left out");
        }
        if (plot.data().rows().isEmpty()) {
            throw ChartErrors.invalid("No row has a number in y '" + yNames + "' to plot",
                    "Plot a numeric field as options.y, or use chartType table", yGiven ? "/options/y" : "/data/rows");
        }
        return plot.data();
    }

    private static List<String> shapeWarnings(ChartData data, ChartOptions options) {
        List<String> warnings = new ArrayList<>();
        int x = options.x().index();
        Set<String> categories = new HashSet<>();
        Set<String> series = new HashSet<>();
        Map<String, Integer> perSeriesX = new HashMap<>();
        for (JsonNode[] row : data.rows()) {
            String xKey = row[x].toString();
            categories.add(xKey);
            if (options.ys().size() > 1) {
                // each y field is a series of its own, so a row never repeats an x within one
                for (ChartField y : options.ys()) {
                    perSeriesX.merge(y.name() + '\u0000' + xKey, 1, Integer::sum);
                }
            } else {
                String seriesKey = options.color() == null ? "" : row[options.color().index()].toString();
                series.add(seriesKey);
                perSeriesX.merge(seriesKey + '\u0000' + xKey, 1, Integer::sum);
            }
        }
        if (options.type() == ChartType.BAR && categories.size() > MAX_BAR_CATEGORIES) {
            warnings.add("The bar chart has " + categories.size() + " categories on x (more than " + MAX_BAR_CATEGORIES
                    + "), too many to read; keep the top ones or aggregate first");
        }
        long repeated = perSeriesX.values().stream().filter(n -> n > 1).count();
        if (repeated > 0) {
            warnings.add(repeated + " x values appear more than once in the same series, so "
                    + (options.type() == ChartType.LINE ? "the line doubles back on itself" : "their bars are stacked")
                    + "; aggregate per x first or split the series with options.color");
        }
        if (options.color() != null && series.size() > MAX_DISTINCT_COLORS) {
            warnings.add(series.size() + " series share " + MAX_DISTINCT_COLORS + " colors; chart fewer series");
        }
        return warnings;
    }

    /** Serialises once into a counter, never into a copy, because the spec may be near the cap. */
    private void requireWithinSize(ObjectNode spec) {
        ByteCounter counter = new ByteCounter();
        try {
            json.writeValue(counter, spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (counter.count > properties.maxSpecBytes()) {
            throw new GatewayException(ErrorCode.CHART_TOO_LARGE,
                    "The chart spec would be " + counter.count + " bytes, over the limit of " + properties.maxSpecBytes(),
                    "Aggregate or limit the rows first (GROUP BY, LIMIT), or chart fewer columns",
                    Map.of("specBytes", counter.count, "maxSpecBytes", properties.maxSpecBytes()));
        }
    }

    private static final class ByteCounter extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
