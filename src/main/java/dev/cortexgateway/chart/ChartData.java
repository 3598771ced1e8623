package dev.cortexgateway.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code data} argument in one shape, whichever of the two it came in: fields with their
 * types, and rows as arrays of cells in field order. Cells are the request's own JSON nodes, never
 * copies.
 *
 * @param totalRows rows the data held, including those past the row cap that were not kept
 */
record ChartData(List<ChartField> fields, List<JsonNode[]> rows, int totalRows) {

    private static final String HINT = "Pass sql_exec's result {columns: [{name, type}], rows: [[...]]} "
            + "or {rows: [{field: value, ...}]}";

    /**
     * Reads sql_exec's {@code {columns: [{name, type}], rows: [[...]]}} or {@code {rows: [{...}]}}.
     * Types come from the declared column type when it is one we know, otherwise from the values.
     */
    static ChartData from(JsonNode data, int maxRows) {
        if (data == null || !data.isObject()) {
            throw ChartErrors.invalid("data must be an object", HINT, "/data");
        }
        JsonNode rows = data.get("rows");
        if (rows == null || !rows.isArray()) {
            throw ChartErrors.invalid("data.rows must be an array", HINT, "/data/rows");
        }
        if (rows.isEmpty()) {
            throw ChartErrors.invalid("data has no rows, so there is nothing to chart",
                    "Check the query: it returned no rows", "/data/rows");
        }
        JsonNode columns = data.get("columns");
        return columns == null || columns.isNull() ? fromObjects(rows, maxRows) : fromArrays(columns, rows, maxRows);
    }

    private static ChartData fromArrays(JsonNode columns, JsonNode rows, int maxRows) {
        if (!columns.isArray() || columns.isEmpty()) {
            throw ChartErrors.invalid("data.columns must be a non-empty array", HINT, "/data/columns");
        }
        List<String> names = new ArrayList<>();
        List<FieldType> declared = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            JsonNode column = columns.get(i);
            JsonNode name = column.isTextual() ? column : column.path("name");
            if (!name.isTextual() || name.asText().isEmpty()) {
                throw ChartErrors.invalid("data.columns[" + i + "] has no name", HINT, "/data/columns/" + i + "/name");
            }
            if (!seen.add(name.asText())) {
                throw ChartErrors.invalid("data.columns has '" + name.asText() + "' twice",
                        "Give each column its own name (e.g. an alias in the SQL)", "/data/columns/" + i + "/name");
            }
            names.add(name.asText());
            declared.add(FieldType.ofDeclared(column.path("type").isTextual() ? column.path("type").asText() : null));
        }
        List<JsonNode[]> kept = new ArrayList<>(Math.min(rows.size(), maxRows));
        for (int r = 0; r < rows.size() && r < maxRows; r++) {
            JsonNode row = rows.get(r);
            if (!row.isArray() || row.size() != names.size()) {
                throw ChartErrors.invalid("data.rows[" + r + "] does not match data.columns: expected an array of "
                        + names.size() + " values", HINT, "/data/rows/" + r);
            }
            JsonNode[] cells = new JsonNode[names.size()];
            for (int c = 0; c < cells.length; c++) {
                cells[c] = row.get(c);
            }
            kept.add(cells);
        }
        return typed(names, declared, kept, rows.size());
    }

    private static ChartData fromObjects(JsonNode rows, int maxRows) {
        Map<String, Integer> index = new LinkedHashMap<>();
        int limit = Math.min(rows.size(), maxRows);
        for (int r = 0; r < limit; r++) {
            JsonNode row = rows.get(r);
            if (!row.isObject()) {
                throw ChartErrors.invalid("data.rows[" + r + "] is not an object; rows of arrays need data.columns",
                        HINT, "/data/rows/" + r);
            }
            row.fieldNames().forEachRemaining(name -> index.putIfAbsent(name, index.size()));
        }
        if (index.isEmpty()) {
            throw ChartErrors.invalid("data.rows have no fields", HINT, "/data/rows");
        }
        List<JsonNode[]> kept = new ArrayList<>(limit);
        for (int r = 0; r < limit; r++) {
            JsonNode[] cells = new JsonNode[index.size()];
            rows.get(r).fields().forEachRemaining(e -> cells[index.get(e.getKey())] = e.getValue());
            kept.add(cells);
        }
        List<String> names = List.copyOf(index.keySet());
        return typed(names, names.stream().map(n -> (FieldType) null).toList(), kept, rows.size());
    }

    private static ChartData typed(List<String> names, List<FieldType> declared, List<JsonNode[]> rows, int totalRows) {
        for (JsonNode[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                if (row[c] == null) {
                    row[c] = NullNode.getInstance();
                }
            }
        }
        List<ChartField> fields = new ArrayList<>(names.size());
        for (int c = 0; c < names.size(); c++) {
            FieldType type = declared.get(c) != null ? declared.get(c) : inferred(rows, c);
            fields.add(new ChartField(names.get(c), c, type));
        }
        return new ChartData(List.copyOf(fields), rows, totalRows);
    }

    /** Numbers are quantitative, ISO dates and date-times temporal, anything else (text, booleans) nominal. */
    private static FieldType inferred(List<JsonNode[]> rows, int column) {
        boolean allNumbers = true;
        boolean allDates = true;
        boolean any = false;
        for (JsonNode[] row : rows) {
            JsonNode cell = row[column];
            if (cell.isNull()) {
                continue;
            }
            any = true;
            allNumbers &= cell.isNumber();
            allDates &= cell.isTextual() && ChartValues.isIsoDateTime(cell.asText());
            if (!allNumbers && !allDates) {
                return FieldType.NOMINAL;
            }
        }
        if (!any) {
            return FieldType.NOMINAL;
        }
        return allNumbers ? FieldType.QUANTITATIVE : FieldType.TEMPORAL;
    }

    int droppedRows() {
        return totalRows - rows.size();
    }

    Optional<ChartField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    ChartData withRows(List<JsonNode[]> kept) {
        return new ChartData(fields, kept, totalRows);
    }
}
