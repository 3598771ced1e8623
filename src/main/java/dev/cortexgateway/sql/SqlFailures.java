package dev.cortexgateway.sql;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns a warehouse's SQLException into the error a client sees. A driver's message often quotes
 * the SQL (H2's always does), so only the SQLState is passed on: a statement the warehouse refuses
 * is the caller's to fix (400), a cancelled or timed-out one and a broken connection are the
 * dependency's failure (424, with the cause in the details).
 */
public final class SqlFailures {

    /** SQLState classes of statements the warehouse refuses: cardinality, data, syntax/object/privilege, unsupported. */
    private static final Set<String> REJECTED_CLASSES = Set.of("21", "22", "42", "0A");
    /** H2's own states for "not enough rights" and "admin rights required", which are outside class 42. */
    private static final Set<String> REJECTED_STATES = Set.of("90096", "90040");
    /** Cancelled (57014, also Snowflake's), H2's lock timeouts (HYT00), JDBC timeouts (HYT01). */
    private static final Set<String> TIMEOUT_STATES = Set.of("57014", "HYT00", "HYT01");

    private SqlFailures() {
    }

    public static GatewayException failure(SQLException e, boolean cancelled) {
        String state = e.getSQLState();
        if (cancelled || e instanceof SQLTimeoutException || state != null && TIMEOUT_STATES.contains(state)) {
            return new GatewayException(ErrorCode.UPSTREAM_DEPENDENCY_FAILED, "the warehouse query was cancelled or timed out",
                    "Narrow the query (filters, LIMIT) or try again later.", Map.of("cause", "UPSTREAM_TIMEOUT"));
        }
        if (state != null && state.length() >= 2 && (REJECTED_CLASSES.contains(state.substring(0, 2)) || REJECTED_STATES.contains(state))) {
            return new GatewayException(ErrorCode.SQL_REJECTED, "the warehouse rejected the statement",
                    "Check table and column names, types and functions; SHOW TABLES and DESCRIBE list what exists.",
                    Map.of("sqlState", state));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cause", "UPSTREAM_ERROR");
        if (state != null) {
            details.put("sqlState", state);
        }
        return new GatewayException(ErrorCode.UPSTREAM_DEPENDENCY_FAILED, "the warehouse could not run the statement",
                "Try again later.", details);
    }
}
