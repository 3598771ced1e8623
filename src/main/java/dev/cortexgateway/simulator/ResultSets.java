package dev.cortexgateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@link ResultTable} in the SQL API's jsonv2 {@code ResultSet} shape, as statements and agent tables carry it. */
final class ResultSets {

    private ResultSets() {
    }

    /** The part an agent's {@code response.table} and Analyst's {@code result_set} carry. */
    static ObjectNode resultSet(ObjectMapper json, ResultTable table) {
        ObjectNode set = json.createObjectNode();
        set.put("statementHandle", table.queryId());
        ObjectNode meta = set.putObject("resultSetMetaData");
        meta.put("partition", 0);
        meta.put("numRows", table.rows().size());
        meta.put("format", "jsonv2");
        meta.set("rowType", rowType(json, table));
        set.set("data", data(json, table));
        return set;
    }

    /** The full SQL API v2 ResultSet of a finished statement. */
    static ObjectNode statementResult(ObjectMapper json, ResultTable table, String requestId, long createdOn) {
        ObjectNode set = json.createObjectNode();
        ObjectNode meta = set.putObject("resultSetMetaData");
        meta.put("numRows", table.rows().size());
        meta.put("format", "jsonv2");
        ObjectNode partition = meta.putArray("partitionInfo").addObject();
        partition.put("rowCount", table.rows().size());
        partition.put("uncompressedSize", uncompressedSize(table));
        meta.set("rowType", rowType(json, table));
        set.set("data", data(json, table));
        set.put("code", "090001");
        set.put("statementStatusUrl", "/api/v2/statements/" + table.queryId() + "?requestId=" + requestId);
        set.put("requestId", requestId);
        set.put("sqlState", "00000");
        set.put("statementHandle", table.queryId());
        set.put("message", "Statement executed successfully.");
        set.put("createdOn", createdOn);
        return set;
    }

    private static ArrayNode rowType(ObjectMapper json, ResultTable table) {
        ArrayNode rowType = json.createArrayNode();
        for (ResultTable.Column column : table.columns()) {
            ObjectNode type = rowType.addObject();
            type.put("name", column.name());
            type.put("database", "CORTEX_SIM");
            type.put("schema", "PUBLIC");
            type.put("table", "");
            type.put("type", column.type());
            type.put("precision", column.precision());
            type.put("scale", column.scale());
            type.put("length", column.length());
            type.put("byteLength", column.length() == null ? null : column.length() * 4);
            type.put("nullable", column.nullable());
            type.putNull("collation");
        }
        return rowType;
    }

    private static ArrayNode data(ObjectMapper json, ResultTable table) {
        ArrayNode data = json.createArrayNode();
        for (List<String> row : table.rows()) {
            ArrayNode out = data.addArray();
            row.forEach(out::add);
        }
        return data;
    }

    private static long uncompressedSize(ResultTable table) {
        long size = 0;
        for (List<String> row : table.rows()) {
            for (String cell : row) {
                size += cell == null ? 4 : cell.getBytes(StandardCharsets.UTF_8).length + 2;
            }
        }
        return size;
    }
}
