package dev.cortexgateway.sql;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns a warehouse's SQLException into the error a client sees, and so decides whose failure it
 * is: the caller's statement (400 SQL_REJECTED, not retryable, never counted by the warehouse's
 * circuit breaker) or the warehouse's (424 with the cause in the details, counted). A driver's
 * message often quotes the SQL (H2's always does), so only the SQLState is passed on.
 *
 * <p>The decision is by SQLState class (SQL:2016 / X/Open), which H2 and Snowflake both follow, plus
 * the JDBC exception subclass where the driver picks one (H2 does; Snowflake's driver throws plain
 * SQLExceptions with standard states):
 * <ul>
 *   <li>timeout: {@link SQLTimeoutException}, 57014 (cancelled: H2, and Snowflake's statement or
 *       warehouse timeout), HYT00/HYT01, or the execution was cancelled by the gateway;
 *   <li>the warehouse's: class 08 (connection), 40 (rollback, deadlock), 53 (resources), 57 other than
 *       57014 (operator intervention, e.g. Snowflake's 57P03), 58 (system, Snowflake's 58000/58030 I/O),
 *       XX (internal), HY000, a connection-class exception, no state at all, and any class not listed;
 *   <li>the caller's: class 0A (unsupported feature), 07 (wrong parameters), 21 (cardinality),
 *       22 (data: conversion, division by zero, out of range), 23, 25 (a write in a read-only
 *       transaction), 2B, 3D, 3F (unknown database or schema), 42 (syntax, unknown object, function or
 *       column, no privilege; Snowflake's compilation errors are 42000, 42601, 42S02, 42501...),
 *       44, 54 (statement too complex), 2F and P0 (a routine or script raised it), HY004 (unknown type),
 *       and a syntax, data or
 *       unsupported-feature exception;
 *   <li>H2's own states (90xxx, outside the standard classes) are the caller's too, unless H2 raises
 *       them as a connection failure (broken connection 90067, database closed 90098, out of memory
 *       90108...) or they are its I/O failures (90028, 90031): 90022 (unknown function), 90096 (no
 *       rights) and the rest are what a statement can provoke.
 * </ul>
 * Timeouts stay the warehouse's although a caller can write a slow statement: the gateway cannot
 * tell it from a warehouse that stopped answering, and the per-caller rate limit bounds how many a
 * caller can run.
 */
public final class SqlFailures {

    /** Cancelled (57014, also Snowflake's statement timeout), H2's lock timeouts (HYT00), JDBC timeouts (HYT01). */
    private static final Set<String> TIMEOUT_STATES = Set.of("57014", "HYT00", "HYT01");
    /** SQLState classes of statements the warehouse refuses: the caller's to fix. */
    private static final Set<String> REJECTED_CLASSES =
            Set.of("07", "0A", "21", "22", "23", "25", "2B", "2F", "3D", "3F", "42", "44", "54", "P0");
    private static final Set<String> REJECTED_STATES = Set.of("HY004");
    /** H2's vendor states for I/O failures, raised as plain SQLExceptions. */
    private static final Set<String> H2_IO_STATES = Set.of("90028", "90031");

    /** Whose failure a warehouse error is. */
    public enum Kind {
        /** The caller's statement: 400 SQL_REJECTED, not counted against the warehouse. */
        REJECTED,
        /** Cancelled or timed out: 424 with cause UPSTREAM_TIMEOUT, counted. */
        TIMEOUT,
        /** The warehouse or the connection to it failed: 424 with cause UPSTREAM_ERROR, counted. */
        UPSTREAM
    }

    private SqlFailures() {
    }

    /** Whose failure {@code e} is; {@code cancelled}: the gateway stopped the statement (deadline, cancel). */
    public static Kind kind(SQLException e, boolean cancelled) {
        String state = e.getSQLState();
        if (cancelled || e instanceof SQLTimeoutException || state != null && TIMEOUT_STATES.contains(state)) {
            return Kind.TIMEOUT;
        }
        if (e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || e instanceof SQLRecoverableException) {
            return Kind.UPSTREAM;
        }
        if (state == null || state.length() != 5) {
            return e instanceof SQLSyntaxErrorException || e instanceof SQLDataException ? Kind.REJECTED : Kind.UPSTREAM;
        }
        String stateClass = state.substring(0, 2);
        if (REJECTED_CLASSES.contains(stateClass) || REJECTED_STATES.contains(state)) {
            return Kind.REJECTED;
        }
        if (stateClass.equals("90")) {
            return H2_IO_STATES.contains(state) ? Kind.UPSTREAM : Kind.REJECTED;
        }
        if (e instanceof SQLSyntaxErrorException || e instanceof SQLDataException
                || e instanceof SQLFeatureNotSupportedException || e instanceof SQLIntegrityConstraintViolationException) {
            return Kind.REJECTED;
        }
        return Kind.UPSTREAM;
    }

    /** True when {@code e} says the warehouse is unwell (counts against its circuit breaker, may be retried). */
    public static boolean isWarehouseFailure(SQLException e) {
        return kind(e, false) != Kind.REJECTED;
    }

    public static GatewayException failure(SQLException e, boolean cancelled) {
        String state = e.getSQLState();
        return switch (kind(e, cancelled)) {
            case TIMEOUT -> new GatewayException(ErrorCode.UPSTREAM_DEPENDENCY_FAILED, "the warehouse query was cancelled or timed out",
                    "Narrow the query (filters, LIMIT) or try again later.", Map.of("cause", "UPSTREAM_TIMEOUT"));
            case REJECTED -> {
                Map<String, Object> details = new LinkedHashMap<>();
                if (state != null) {
                    details.put("sqlState", state);
                }
                yield new GatewayException(ErrorCode.SQL_REJECTED, "the warehouse rejected the statement",
                        "Check table and column names, types and functions; SHOW TABLES and DESCRIBE list what exists.", details);
            }
            case UPSTREAM -> {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("cause", "UPSTREAM_ERROR");
                if (state != null) {
                    details.put("sqlState", state);
                }
                yield new GatewayException(ErrorCode.UPSTREAM_DEPENDENCY_FAILED, "the warehouse could not run the statement",
                        "Try again later.", details);
            }
        };
    }
}
