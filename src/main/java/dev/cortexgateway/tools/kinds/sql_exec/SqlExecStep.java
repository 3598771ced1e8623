package dev.cortexgateway.tools.kinds.sql_exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.sql.SqlGuard;
import dev.cortexgateway.sql.SqlToolProperties;
import dev.cortexgateway.sql.SqlWarehouse;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The prepare step of sql_exec (routes/tools/sql_exec.yaml), the kind's one Camel step: only a
 * read-only statement reaches the warehouse. The caller's statement must pass the SQL guard; the
 * body becomes the statement and {@value ExchangeKeys#SQL_LIMIT} the row cap (sql/WarehouseQuery fetches one more
 * row to see truncation).
 */
@Component("sqlExecStep")
public final class SqlExecStep {

    private final SqlGuard guard;
    private final SqlWarehouse warehouse;
    private final SqlToolProperties properties;

    public SqlExecStep(SqlGuard guard, SqlWarehouse warehouse, SqlToolProperties properties) {
        this.guard = guard;
        this.warehouse = warehouse;
        this.properties = properties;
    }

    /** sql_exec: {@code {sql, sessionId, limit?}}. */
    public void prepare(JsonNode args, Exchange exchange) {
        String statement = guard.requireReadOnly(args.path("sql").asText(), warehouse.dialect()).sql();
        int limit = args.hasNonNull("limit") ? Math.min(args.get("limit").asInt(), properties.maxRows()) : properties.maxRows();
        start(exchange, statement, limit, properties.queryTimeoutSeconds());
    }

    /** What sql/WarehouseQuery and sql/SqlResults read: the statement, its row cap, its timeout and its start. */
    public static void start(Exchange exchange, String statement, int limit, int queryTimeoutSeconds) {
        exchange.getIn().setBody(statement);
        exchange.setProperty(ExchangeKeys.SQL_LIMIT, limit);
        exchange.setProperty(ExchangeKeys.SQL_QUERY_TIMEOUT_SECONDS, queryTimeoutSeconds);
        exchange.setProperty(ExchangeKeys.SQL_STARTED_NANOS, System.nanoTime());
    }
}
