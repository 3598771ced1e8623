package dev.cortexgateway.chart;

import java.util.Locale;

/** A field's measurement type, named as Vega-Lite names it. */
enum FieldType {
    QUANTITATIVE, TEMPORAL, NOMINAL;

    String vegaLite() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type a declared column type (sql_exec's {@code columns[].type}, e.g. {@code NUMBER(38,2)},
     * {@code TIMESTAMP_NTZ}, {@code varchar}) stands for; null when absent or unknown, so that the
     * values decide.
     */
    static FieldType ofDeclared(String declared) {
        if (declared == null || declared.isBlank()) {
            return null;
        }
        String base = declared.strip().toLowerCase(Locale.ROOT).replaceAll("\\s*\\(.*$", "");
        return switch (base) {
            case "number", "numeric", "decimal", "fixed", "integer", "int", "bigint", "smallint", "tinyint",
                 "byteint", "float", "float4", "float8", "double", "double precision", "real" -> QUANTITATIVE;
            case "date", "datetime", "timestamp", "timestamp_ntz", "timestamp_ltz", "timestamp_tz",
                 "timestamp with time zone", "timestamp without time zone" -> TEMPORAL;
            // a time of day has no date, which Vega-Lite's temporal scale needs
            case "string", "text", "varchar", "char", "character", "character varying", "boolean", "bool",
                 "time", "binary", "varbinary" -> NOMINAL;
            default -> null;
        };
    }
}
