package dev.cortexgateway.simulator;

import java.util.List;

/**
 * A query result as Snowflake's SQL API (jsonv2) describes it: typed columns and rows of strings
 * (or null), which is also what the agent's {@code response.table} carries.
 */
record ResultTable(String queryId, List<Column> columns, List<List<String>> rows) {

    /** One {@code rowType} entry; {@code type} is Snowflake's name (fixed, real, text, date, timestamp_ntz, boolean). */
    record Column(String name, String type, Integer precision, Integer scale, Integer length, boolean nullable) {

        boolean numeric() {
            return "fixed".equals(type) || "real".equals(type);
        }
    }

    int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
