package dev.cortexgateway.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plain-language facts about the plotted y values: highest and lowest (with their x), total and
 * average of a single series, and for a line (or a bar over time) the trend from first to last.
 * A total is given for bars only: bars are usually parts of a whole, a line usually a level.
 */
final class ChartInsights {

    /** Trends are listed for this many series at most, so many series do not drown the rest. */
    static final int MAX_TREND_SERIES = 5;
    /** A change smaller than this share of the first value reads as flat. */
    private static final double FLAT_PERCENT = 1.0;

    private record Point(JsonNode x, String series, double value) {
    }

    List<String> table(ChartData data) {
        return List.of(data.rows().size() + " rows, " + data.fields().size() + " columns");
    }

    List<String> plot(ChartData data, ChartOptions options) {
        Map<String, List<Point>> series = series(data, options);
        List<Point> all = series.values().stream().flatMap(List::stream).toList();
        List<String> insights = new ArrayList<>();
        if (all.isEmpty()) {
            return insights;
        }
        boolean folded = options.ys().size() > 1;
        String measure = folded ? "value" : options.ys().get(0).name();
        Point max = all.stream().max(Comparator.comparingDouble(Point::value)).orElseThrow();
        Point min = all.stream().min(Comparator.comparingDouble(Point::value)).orElseThrow();
        insights.add("Highest " + measure + ": " + ChartValues.format(max.value()) + where(max));
        insights.add("Lowest " + measure + ": " + ChartValues.format(min.value()) + where(min));

        if (series.size() == 1) {
            double total = all.stream().mapToDouble(Point::value).sum();
            String average = ChartValues.format(total / all.size());
            insights.add(options.type() == ChartType.BAR
                    ? "Total " + measure + ": " + ChartValues.format(total) + " (average " + average + " over " + all.size() + " bars)"
                    : "Average " + measure + ": " + average + " over " + all.size() + " points");
        } else {
            insights.add(series.size() + " series");
        }

        if (options.type() == ChartType.LINE || options.x().type() == FieldType.TEMPORAL) {
            series.entrySet().stream().limit(MAX_TREND_SERIES).forEach(e -> {
                String name = e.getKey() == null ? measure
                        : folded ? e.getKey() : measure + " (" + e.getKey() + ")";
                trend(name, ordered(e.getValue(), options)).ifPresent(insights::add);
            });
        }
        return insights;
    }

    /** Points by series (one series keyed null when there is no color and a single y), in data order. */
    private static Map<String, List<Point>> series(ChartData data, ChartOptions options) {
        Map<String, List<Point>> series = new LinkedHashMap<>();
        boolean folded = options.ys().size() > 1;
        for (JsonNode[] row : data.rows()) {
            for (ChartField y : options.ys()) {
                JsonNode cell = row[y.index()];
                if (cell.isNull()) {
                    continue;
                }
                String key = folded ? y.name()
                        : options.color() == null ? null : ChartValues.label(row[options.color().index()]);
                series.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new Point(row[options.x().index()], key, cell.doubleValue()));
            }
        }
        return series;
    }

    /** A continuous x axis draws the line in order of x; a discrete one in the data's order. */
    private static List<Point> ordered(List<Point> points, ChartOptions options) {
        if (options.x().type() == FieldType.TEMPORAL) {
            return points.stream().sorted(Comparator.comparingLong(
                    (Point p) -> ChartValues.epochMillis(p.x()).orElse(Long.MAX_VALUE))).toList();
        }
        if (options.continuousX()) {
            return points.stream().sorted(Comparator.comparingDouble(
                    (Point p) -> ChartValues.number(p.x()).orElse(Double.MAX_VALUE))).toList();
        }
        return points;
    }

    private static Optional<String> trend(String name, List<Point> points) {
        if (points.size() < 2) {
            return Optional.empty();
        }
        Point first = points.get(0);
        Point last = points.get(points.size() - 1);
        String span = "from " + ChartValues.format(first.value()) + " at " + ChartValues.label(first.x())
                + " to " + ChartValues.format(last.value()) + " at " + ChartValues.label(last.x());
        double change = last.value() - first.value();
        if (first.value() == 0) {
            return Optional.of(name + (change > 0 ? " rose " : change < 0 ? " fell " : " stayed flat ") + span);
        }
        double percent = change / Math.abs(first.value()) * 100;
        if (Math.abs(percent) < FLAT_PERCENT) {
            return Optional.of(name + " stayed flat (" + (percent >= 0 ? "+" : "") + ChartValues.format(percent)
                    + "%) " + span);
        }
        return Optional.of(name + (percent > 0 ? " rose " : " fell ") + ChartValues.format(Math.abs(percent))
                + "% " + span);
    }

    private static String where(Point point) {
        String x = ChartValues.label(point.x());
        return point.series() == null ? " at " + x : " (" + point.series() + " at " + x + ")";
    }
}
