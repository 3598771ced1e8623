package dev.cortexgateway.sql;

/**
 * The warehouse's SQL dialect. It decides how SQL text is read (Snowflake strings take backslash
 * escapes, H2's do not) and which spelling a statement is run in (H2 has no DESCRIBE).
 */
public enum SqlDialect {
    H2,
    SNOWFLAKE
}
