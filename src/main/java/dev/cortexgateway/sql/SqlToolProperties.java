package dev.cortexgateway.sql;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the {@code sql_exec} tool. The denied functions are the ones a SELECT can call to
 * touch something other than the warehouse's data: H2's file, CSV and linked-schema functions and
 * its session killers, functions that change session or sequence state on a pooled connection, and
 * Snowflake's {@code SYSTEM$} functions (an entry ending in {@code *} is a prefix), stage URL
 * builders, and the functions that read other clients' queries or results. The database account
 * is read-only as well; this list also stops what a read-only account may still do.
 *
 * @param deniedFunctions function names, case-insensitive, refused anywhere in a statement
 * @param maxRows         rows returned to the client at most (one more is fetched to report truncation)
 * @param maxResultBytes  bytes of rows (as JSON) returned at most; reading stops there and the answer
 *                        says {@code truncated} with {@code truncatedReason: max_bytes}
 * @param queryTimeout    a statement running longer is cancelled (whole seconds: JDBC's unit)
 * @param parseTimeout    a statement that takes longer to parse is refused
 */
@Validated
@ConfigurationProperties("gateway.tools.sql")
public record SqlToolProperties(
        @DefaultValue({"FILE_READ", "FILE_WRITE", "CSVREAD", "CSVWRITE", "LINK_SCHEMA", "SIGNAL", "CANCEL_SESSION",
                "ABORT_SESSION", "DATABASE_PATH", "SET", "NEXTVAL", "SETVAL", "SYSTEM$*", "RESULT_SCAN",
                "LAST_QUERY_ID", "QUERY_HISTORY", "QUERY_HISTORY_BY_SESSION", "QUERY_HISTORY_BY_USER",
                "QUERY_HISTORY_BY_WAREHOUSE", "LOGIN_HISTORY", "LOGIN_HISTORY_BY_USER", "GET_PRESIGNED_URL",
                "BUILD_SCOPED_FILE_URL", "BUILD_STAGE_FILE_URL", "GET_STAGE_LOCATION", "GET_ABSOLUTE_PATH"})
        @NotNull List<@NotNull @Pattern(regexp = "[A-Za-z_][A-Za-z0-9_$]*\\*?",
                message = "must be a function name, optionally ending in * for a prefix") String> deniedFunctions,
        @DefaultValue("500") @Min(1) @Max(100_000) int maxRows,
        @DefaultValue("1048576") @Min(1024) @Max(64 * 1024 * 1024) int maxResultBytes,
        @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration queryTimeout,
        @DefaultValue("2s") @NotNull @DurationMin(millis = 10) @DurationMax(seconds = 60) Duration parseTimeout) {

    /** The defaults, for code and tests that run without Spring. */
    public static SqlToolProperties defaults() {
        return new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("gateway.tools.sql", SqlToolProperties.class);
    }

    /** {@link #queryTimeout} in the whole seconds JDBC's {@code Statement.setQueryTimeout} takes. */
    public int queryTimeoutSeconds() {
        return (int) Math.max(1, queryTimeout.toSeconds());
    }
}
